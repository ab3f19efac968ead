package dev.metacircular.domain.identity.token;

/** The claim names of identity tokens (DESIGN.md §3.3). */
final class Claims {
  static final String ISSUER = "iss";
  static final String SUBJECT = "sub";
  static final String TOKEN_ID = "jti";
  static final String ISSUED_AT = "iat";
  static final String EXPIRES = "exp";
  static final String AUDIENCE = "aud";
  static final String USERNAME = "username";
  static final String ROLES = "roles";
  static final String ACCOUNT_TYPE = "account_type";

  private Claims() {}
}
