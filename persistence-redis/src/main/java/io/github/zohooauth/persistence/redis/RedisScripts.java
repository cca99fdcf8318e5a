package io.github.zohooauth.persistence.redis;

/**
 * The store's Lua scripts. Each runs atomically on the user's slot: every key it touches carries the user's hash
 * tag. Token values arrive in {@link TokenHash#FIELDS} order, {@link TokenHash#NULL} for an absent field.
 */
final class RedisScripts {
  private RedisScripts() {}

  /** Writes ARGV[offset+1..offset+7] into hash KEYS[1]: sets present fields, removes absent ones. */
  private static final String WRITE = ""
      + "local function write(key, offset)\n"
      + "  for i, field in ipairs(FIELDS) do\n"
      + "    local value = ARGV[offset + i]\n"
      + "    if value == NULL then redis.call('HDEL', key, field) else redis.call('HSET', key, field, value) end\n"
      + "  end\n"
      + "end\n";

  /** Whether hash KEYS[1] holds exactly ARGV[offset+1..offset+7]. */
  private static final String MATCHES = ""
      + "local function matches(key, offset)\n"
      + "  if redis.call('EXISTS', key) == 0 then return false end\n"
      + "  for i, field in ipairs(FIELDS) do\n"
      + "    local stored = redis.call('HGET', key, field)\n"
      + "    local expected = ARGV[offset + i]\n"
      + "    if expected == NULL then\n"
      + "      if stored then return false end\n"
      + "    elseif stored ~= expected then return false end\n"
      + "  end\n"
      + "  return true\n"
      + "end\n";

  private static final String PRELUDE = "local NULL = '\\0'\n"
      + "local FIELDS = {'user', 'access_token', 'refresh_token', 'expires_at', 'api_domain', 'scope', "
      + "'accounts_server'}\n" + WRITE + MATCHES;

  /** KEYS: hash. ARGV: the tokens. A save is one script: never delete-then-insert from the outside. */
  static final String SAVE = PRELUDE + "write(KEYS[1], 0)\nreturn 1\n";

  /** KEYS: hash. ARGV: expected tokens, then the replacement. 1 when it replaced. */
  static final String REPLACE = PRELUDE
      + "if not matches(KEYS[1], 0) then return 0 end\n"
      + "write(KEYS[1], 7)\nreturn 1\n";

  /** KEYS: hash, lease. ARGV: owner, expected tokens, then the refreshed ones. 1 when it stored. */
  static final String COMPLETE = PRELUDE
      + "if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end\n"
      + "if not matches(KEYS[1], 1) then return 0 end\n"
      + "write(KEYS[1], 8)\nreturn 1\n";

  /**
   * KEYS: lease. ARGV: owner, lease time in ms. 1 when the lease is the owner's now. A lease key without an expiry
   * (left by a hand, a restore, or another tool: this store never writes one) would keep the user's refreshes out
   * forever; it is given the lease time instead, so it is taken over then, as a lease whose holder died is.
   */
  static final String CLAIM = ""
      + "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end\n"
      + "if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end\n"
      + "return 0\n";

  /** KEYS: lease. ARGV: owner. Deletes the lease only if it is still the owner's. */
  static final String RELEASE = ""
      + "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
      + "return 0\n";
}
