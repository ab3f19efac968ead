package dev.metacircular.apps.mciasdb;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value converters: a bad value is a usage error (exit 2) with a message, not a crash. */
final class Converters {
  private Converters() {}

  static final class AccountId implements ITypeConverter<UUID> {
    @Override
    public UUID convert(String value) {
      try {
        UUID id = UUID.fromString(value);
        if (id.toString().equalsIgnoreCase(value)) {
          return id;
        }
      } catch (IllegalArgumentException e) {
        // the one message below
      }
      throw new TypeConversionException("expected an account UUID, got '" + value + "'");
    }
  }

  static final class Type implements ITypeConverter<AccountType> {
    @Override
    public AccountType convert(String value) {
      try {
        return AccountType.fromWire(value);
      } catch (DomainException e) {
        throw new TypeConversionException("expected human or system, got '" + value + "'");
      }
    }
  }

  static final class Status implements ITypeConverter<AccountStatus> {
    @Override
    public AccountStatus convert(String value) {
      try {
        return AccountStatus.fromWire(value);
      } catch (DomainException e) {
        throw new TypeConversionException(
            "expected active, inactive or deleted, got '" + value + "'");
      }
    }
  }

  static final class RoleName implements ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      try {
        return Role.fromWire(value);
      } catch (DomainException e) {
        throw new TypeConversionException(
            "expected admin, user, guest or metrics, got '" + value + "'");
      }
    }
  }

  /** RFC 3339, e.g. {@code 2026-01-01T00:00:00Z} or with an offset. */
  static final class Rfc3339 implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "expected an RFC 3339 time such as 2026-01-01T00:00:00Z, got '" + value + "'");
      }
    }
  }
}
