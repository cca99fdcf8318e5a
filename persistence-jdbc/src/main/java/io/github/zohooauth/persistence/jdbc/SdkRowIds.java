package io.github.zohooauth.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The ids of rows this store adds to a table of Zoho's current SDKs, chosen so that the SDKs' own next insert never
 * fails because of them.
 *
 * <p>The SDKs number a new row {@code MAX(id) + 1}, with {@code id} a {@code varchar(10)}: {@code MAX} compares text,
 * so once ids {@code '1'} to {@code '10'} exist the maximum is {@code '9'}, and the 11th insert collides with
 * {@code '10'}. This store gives its rows ids from {@code '9000000000'} up (ten digits, the column's width): such an id
 * is the text maximum of every table the SDKs can build ({@code '9000000000' > '9' > '10'}), the SDKs' next id is
 * then one more, still ten digits, still the maximum, and so on for nine hundred million rows. A store row even ends
 * the SDKs' own trap in a table that had already reached it. With a numeric {@code id} column there is no trap, and
 * the next id is simply one more than the highest.
 */
final class SdkRowIds {
  /** Writers adding rows at once take the same id; the loser looks again, at most this often. */
  static final int ATTEMPTS = 5;
  private static final long FIRST = 9_000_000_000L;

  private SdkRowIds() {}

  /** The id for a new row. */
  static String next(Connection connection, String table, boolean textIds, int timeoutSeconds) throws SQLException {
    String sql = textIds ? SqlDialect.highestSdkId(table) : SqlDialect.highestNumericId(table);
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setQueryTimeout(timeoutSeconds);
      try (ResultSet result = query.executeQuery()) {
        String highest = result.next() ? result.getString(1) : null;
        if (highest == null) {
          return textIds ? Long.toString(FIRST) : "1";
        }
        long next = Long.parseLong(highest.trim()) + 1;
        return Long.toString(textIds ? Math.max(FIRST, next) : next);
      }
    }
  }

  /** A unique key refused the row: MySQL/MariaDB 1062, PostgreSQL 23505. */
  static boolean isDuplicateKey(SQLException e) {
    return e.getErrorCode() == 1062 || "23505".equals(e.getSQLState());
  }
}
