package io.github.zohooauth.exception;

/**
 * Zoho answered {@code missing_org_info} to a client-credentials request: it needs the organisation the token is
 * for, as {@code soid}. Nothing was stored.
 */
public class MissingOrgInfoException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public MissingOrgInfoException(String soid) {
    super("Zoho would not give a client-credentials token" + forUser(soid) + " (missing_org_info): it needs the "
        + "organisation as soid, the service and the organisation id, such as ZohoCRM.600000434 (the org id is under "
        + "Setup > Company Details in CRM). Check that the Self Client belongs to that organisation. Nothing was "
        + "stored.", soid, 200, "missing_org_info");
  }
}
