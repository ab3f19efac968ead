package dev.metacircular.ports.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit catalogues: each service's lists every type its log holds once, under distinct wire
 * names, and the types both services write read the same in both.
 */
class AuditCatalogueTest {

  /** The catalogue's constants, name to wire name. */
  private static Map<String, String> constants(Class<?> catalogue) {
    Map<String, String> found = new LinkedHashMap<>();
    for (Field field : catalogue.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isPublic(modifiers)
          && Modifier.isStatic(modifiers)
          && field.getType() == String.class) {
        try {
          found.put(field.getName(), (String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return found;
  }

  @Test
  void everyServiceCatalogueNamesTheSharedTypesWithTheirWireNames() {
    Map<String, String> shared = constants(AuditTypes.class);
    assertThat(shared).containsKeys("REQUEST_REFUSED", "POLICY_RULE_CREATED");
    assertThat(constants(IdentityAuditTypes.class)).containsAllEntriesOf(shared);
    assertThat(constants(CryptoAuditTypes.class)).containsAllEntriesOf(shared);
  }

  @Test
  void noTwoTypesOfOneServiceShareAWireName() {
    for (Class<?> catalogue : new Class<?>[] {IdentityAuditTypes.class, CryptoAuditTypes.class}) {
      Map<String, String> types = constants(catalogue);
      assertThat(types.values()).as(catalogue.getSimpleName()).doesNotHaveDuplicates();
    }
  }

  @Test
  void wireNamesAreLowerSnakeCase() {
    for (Class<?> catalogue :
        new Class<?>[] {AuditTypes.class, IdentityAuditTypes.class, CryptoAuditTypes.class}) {
      constants(catalogue)
          .forEach((name, wire) -> assertThat(wire).as(name).matches("[a-z]+(_[a-z]+)*"));
    }
  }

  /** An event both services write belongs in {@link AuditTypes}, defined once. */
  @Test
  void theServicesWriteDifferentEventsBesideTheSharedOnes() {
    Map<String, String> crypto = new LinkedHashMap<>(constants(CryptoAuditTypes.class));
    crypto.keySet().removeAll(constants(AuditTypes.class).keySet());
    assertThat(constants(IdentityAuditTypes.class).values())
        .doesNotContainAnyElementsOf(crypto.values());
  }
}
