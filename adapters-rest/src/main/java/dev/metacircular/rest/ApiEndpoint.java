package dev.metacircular.rest;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint of the API description: what {@link ApiDescription} turns into an OpenAPI operation.
 * The request and answer types are the controllers' own records, so the description's schemas
 * follow the code; the route table in {@link ApiDescription} and the servers' Javalin routes are
 * held together by a test both ways.
 *
 * @param method upper-case HTTP method
 * @param path OpenAPI path ({@code /v1/accounts/{id}})
 * @param access who may call it
 * @param summary one line for the operation
 * @param body what the request carries, or null for none
 * @param answer what a success answers
 * @param query the query parameters: name, then what it means, alternately
 */
record ApiEndpoint(
    String method,
    String path,
    Access access,
    String summary,
    Body body,
    Answer answer,
    List<String> query) {

  private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");

  ApiEndpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(answer, "answer");
    query = List.copyOf(query);
    if (query.size() % 2 != 0) {
      throw new IllegalArgumentException("query parameters come as name, description pairs");
    }
  }

  /** The names of the path's parameters, in order. */
  List<String> pathParameters() {
    Matcher m = PARAMETER.matcher(path);
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The same endpoint with query parameters (name, meaning, name, meaning...). */
  ApiEndpoint query(String... nameAndMeaning) {
    return new ApiEndpoint(method, path, access, summary, body, answer, List.of(nameAndMeaning));
  }

  /** Who may call an endpoint. */
  enum Access {
    /** Anyone: {@code security: []}. */
    PUBLIC,
    /** The presented bearer token, if any, is the subject of the call (logout, renew). */
    PRESENTED,
    /** A valid bearer token is required (401 without); the core decides 403. */
    BEARER
  }

  /** What a request carries. */
  sealed interface Body {
    /** A JSON object mapped onto a record; {@code optional} when an empty body is allowed too. */
    record Json(Class<? extends Record> type, List<String> required, boolean optional)
        implements Body {
      public Json {
        Objects.requireNonNull(type, "type");
        required = List.copyOf(required);
      }
    }

    /** The OAuth token request: the same fields as JSON or as an HTML form. */
    record JsonOrForm(Class<? extends Record> type, List<String> required) implements Body {
      public JsonOrForm {
        Objects.requireNonNull(type, "type");
        required = List.copyOf(required);
      }
    }

    /** Raw bytes of one media type (a DER OCSP request). */
    record Bytes(String mediaType) implements Body {}

    /** An engine request: one schema per operation of every engine type. */
    record EngineOperation() implements Body {}
  }

  /** What a successful call answers. */
  sealed interface Answer {
    int status();

    /** A JSON record. */
    record Json(int status, Class<? extends Record> type) implements Answer {}

    /** Something that is not JSON (a PEM file, a CRL, an SSH key line, the metrics text). */
    record Media(int status, String mediaType, String description, boolean binary)
        implements Answer {}

    /** No body (204). */
    record Empty(int status) implements Answer {}

    /** An engine answer: {@code {"data": ...}} with one operation's response record. */
    record EngineResult(int status) implements Answer {}

    /** A free JSON object, described in words (the readiness checks). */
    record FreeJson(int status, String description) implements Answer {}
  }
}
