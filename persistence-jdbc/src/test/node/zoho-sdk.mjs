// Zoho's current Node SDK (@zohocrm/nodejs-sdk-8.0) on its own DBStore, driven by ZohoNodeSdkTest: it gets one
// user's access token as an application of that SDK would, and prints the outcome as one JSON line.
//
// Settings come from the environment: ZOHO_DB_HOST, ZOHO_DB_PORT, ZOHO_DB_NAME, ZOHO_DB_USER, ZOHO_DB_PASSWORD,
// ZOHO_TABLE, ZOHO_ACCOUNTS_URL (the fake), ZOHO_API_URL, ZOHO_USER, and optionally ZOHO_CLIENT_ID and
// ZOHO_CLIENT_SECRET (left out: the SDK must find them in the row), ZOHO_GRANT and ZOHO_REDIRECT_URI (a first grant).
import { InitializeBuilder, OAuthBuilder, DBBuilder, UserSignature, Environment, SDKConfigBuilder, LogBuilder, Levels }
  from "@zohocrm/nodejs-sdk-8.0";

const env = process.env;

async function main() {
  const store = new DBBuilder().host(env.ZOHO_DB_HOST).databaseName(env.ZOHO_DB_NAME).userName(env.ZOHO_DB_USER)
    .password(env.ZOHO_DB_PASSWORD || "").portNumber(env.ZOHO_DB_PORT).tableName(env.ZOHO_TABLE).build();
  let token = new OAuthBuilder().userSignature(new UserSignature(env.ZOHO_USER));
  if (env.ZOHO_CLIENT_ID) {
    token = token.clientId(env.ZOHO_CLIENT_ID).clientSecret(env.ZOHO_CLIENT_SECRET);
  }
  if (env.ZOHO_GRANT) {
    token = token.grantToken(env.ZOHO_GRANT).redirectURL(env.ZOHO_REDIRECT_URI);
  }
  token = token.build();
  const environment = new Environment(env.ZOHO_API_URL, env.ZOHO_ACCOUNTS_URL + "/oauth/v2/token",
    env.ZOHO_API_URL);
  const logger = new LogBuilder().level(Levels.OFF).filePath(env.ZOHO_LOG_FILE || "/dev/null").build();
  await (await new InitializeBuilder()).environment(environment).token(token).store(store)
    .SDKConfig(new SDKConfigBuilder().build()).logger(logger).initialize();
  if (env.ZOHO_STORM) {
    return await storm(token, Number(env.ZOHO_STORM));
  }
  return await token.getToken();
}

// ZOHO_STORM=N: once a line arrives on stdin (the test has expired the row by then), N concurrent calls ask the SDK
// for the token, as N requests of a web application would. Prints how many got one and how many failed.
async function storm(token, callers) {
  console.log(JSON.stringify({ ready: true }));
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const outcomes = await Promise.allSettled(Array.from({ length: callers }, () => token.getToken()));
  const failures = outcomes.filter((outcome) => outcome.status === "rejected");
  return { succeeded: callers - failures.length, failed: failures.length,
    firstFailure: failures.length ? String(failures[0].reason && (failures[0].reason.message || failures[0].reason.code
      || failures[0].reason)) : null };
}

main().then(
  (result) => console.log(JSON.stringify(typeof result === "string" ? { accessToken: result } : result)),
  (error) => {
    const cause = error && (error.cause || error.details || error.message || error.code);
    console.log(JSON.stringify({ error: String((error && error.message) || error), code: error && error.code,
      cause: cause && String(cause.message || JSON.stringify(cause)) }));
  }
).finally(() => process.exit(0));
