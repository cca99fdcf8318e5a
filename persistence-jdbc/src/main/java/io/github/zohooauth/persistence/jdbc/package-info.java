/**
 * The JDBC token store for MySQL, MariaDB and PostgreSQL, compatible with the table of Zoho's SDK.
 * {@link io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler} is its API.
 */
package io.github.zohooauth.persistence.jdbc;
