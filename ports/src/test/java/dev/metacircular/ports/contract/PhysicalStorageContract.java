package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.metacircular.ports.storage.StorageKeys;
import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PhysicalStorage} must show: the store beneath the crypto service's
 * seal barrier. An adapter runs it by extending it and implementing {@link #newStorage()}.
 *
 * <p><b>Order.</b> The port says "ascending"; this contract pins it to {@link String#compareTo}
 * (UTF-16 code units), the order a Java caller gets from {@code Collections.sort}. It differs from
 * code point (UTF-8 byte) order only between supplementary characters and U+E000..U+FFFF, and the
 * samples include both so that a store returning its native byte order is caught.
 *
 * <p><b>Unpaired surrogates.</b> {@link StorageKeys#requireValid} accepts them, but a store that
 * keeps text as UTF-8 cannot: encoders replace them with {@code ?}. A store may refuse such a key
 * with {@code IllegalArgumentException}; it must never let it alias another key.
 */
public abstract class PhysicalStorageContract {

  /**
   * The atomicity tests write at least this many batches, and go on until the reader has read at
   * least {@link #MIN_READS} times while they ran: a fast store then gets many rounds, a store that
   * syncs every batch to disk is not made to write thousands of them.
   */
  private static final int MIN_ROUNDS = 200;

  private static final int MIN_READS = 2_000;

  private static final int WRITER_THREADS = 4;
  private static final int PUTS_PER_THREAD = 50;

  /** Keys that defeat SQL LIKE, case folding, and byte-order-vs-UTF-16 confusions. */
  private static final List<String> TRICKY_KEYS =
      List.of(
          "a",
          "a/b",
          "a/bc",
          "a/b/c",
          "ab",
          "a%",
          "a%b",
          "a_b",
          "a\\b",
          "a.b",
          "a b",
          "a~",
          "A/b",
          "AB",
          "b",
          "é",
          "e\u0301", // e + combining acute: not the same key as "é"
          "日本/鍵",
          "a\uD7FF", // last code point before the surrogates
          "a\uE000", // first code point after them
          "a\uFFFF",
          "a\uD83D\uDE00", // U+1F600: after "a\uFFFF" in UTF-8, before it in UTF-16
          "a\uDBFF\uDFFF", // U+10FFFF, the last code point
          "a\uDBFF\uDFFF/x",
          "z");

  private PhysicalStorage storage;

  /** A new, empty storage. Called before every test. */
  protected abstract PhysicalStorage newStorage() throws Exception;

  /** Releases what {@link #newStorage()} opened. Called after every test; nothing by default. */
  protected void closeStorage(PhysicalStorage storage) throws Exception {}

  @BeforeEach
  protected final void openStorage() throws Exception {
    storage = newStorage();
  }

  @AfterEach
  protected final void releaseStorage() throws Exception {
    if (storage != null) {
      closeStorage(storage);
      storage = null;
    }
  }

  protected final PhysicalStorage storage() {
    return storage;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] allByteValues() {
    byte[] b = new byte[256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static List<String> sorted(Iterable<String> keys) {
    List<String> list = new ArrayList<>();
    keys.forEach(list::add);
    Collections.sort(list);
    return list;
  }

  /** A key as its length and code points, since many of the samples do not print. */
  private static String describe(String key) {
    if (key == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder().append(key.length()).append(" chars:");
    key.chars().limit(16).forEach(c -> b.append(' ').append(Integer.toHexString(c)));
    return b.toString();
  }

  private void putAll(Iterable<String> keys) {
    for (String key : keys) {
      storage.put(key, bytes(key));
    }
  }

  // --- get / put / delete ---------------------------------------------------------------------

  @Test
  void anAbsentKeyHasNoValue() {
    assertThat(storage.get("core/seal-config")).isEmpty();
  }

  @Test
  void putThenGetReturnsTheSameBytes() {
    storage.put("core/keyring", allByteValues());

    assertThat(storage.get("core/keyring")).get().isEqualTo(allByteValues());
  }

  @Test
  void putReplacesTheValue() {
    storage.put("k", bytes("first"));
    storage.put("k", bytes("second, longer"));

    assertThat(storage.get("k")).get().isEqualTo(bytes("second, longer"));
    assertThat(storage.list("")).containsExactly("k");
  }

  @Test
  void anEmptyValueIsStoredAsEmptyNotAsAbsent() {
    storage.put("empty", new byte[0]);

    assertThat(storage.get("empty")).get().isEqualTo(new byte[0]);
    assertThat(storage.list("")).containsExactly("empty");
    assertThat(storage.delete("empty")).isTrue();
  }

  @Test
  void aOneMebibyteValueRoundTripsThroughPutAndApply() {
    byte[] big = new byte[1024 * 1024];
    new Random(42).nextBytes(big);
    byte[] other = big.clone();
    other[other.length - 1] ^= 1;

    storage.put("big/1", big);
    storage.apply(List.of(StorageWrite.put("big/2", other)));

    assertThat(storage.get("big/1")).get().isEqualTo(big);
    assertThat(storage.get("big/2")).get().isEqualTo(other);
  }

  @Test
  void deleteSaysWhetherItRemovedSomething() {
    assertThat(storage.delete("k")).as("absent").isFalse();

    storage.put("k", bytes("v"));
    assertThat(storage.delete("k")).as("present").isTrue();
    assertThat(storage.delete("k")).as("already removed").isFalse();
    assertThat(storage.get("k")).isEmpty();
  }

  @Test
  void deleteRemovesOnlyItsKeyNotKeysItPrefixes() {
    putAll(List.of("a", "a/b", "ab"));

    assertThat(storage.delete("a")).isTrue();

    assertThat(storage.list("")).containsExactly("a/b", "ab");
  }

  @Test
  void keysAreExactCaseAndNormalisationSensitive() {
    putAll(TRICKY_KEYS);

    for (String key : TRICKY_KEYS) {
      assertThat(storage.get(key)).as(key).get().isEqualTo(bytes(key));
    }
    assertThat(storage.get("A")).isEmpty();
    assertThat(storage.get("a/")).isEmpty();
    assertThat(storage.get("a%%")).isEmpty();
  }

  @Test
  void theLongestValidKeyIsStored() {
    String longest = "k/" + "x".repeat(StorageKeys.MAX_LENGTH - 2);
    storage.put(longest, bytes("v"));

    assertThat(storage.get(longest)).get().isEqualTo(bytes("v"));
    assertThat(storage.list("k/")).containsExactly(longest);
  }

  @Test
  void theStoreKeepsItsOwnCopyOfEveryValue() {
    byte[] given = bytes("original");
    storage.put("k", given);
    given[0] = 'X';
    assertThat(storage.get("k")).get().isEqualTo(bytes("original"));

    byte[] read = storage.get("k").orElseThrow();
    read[0] = 'Y';
    assertThat(storage.get("k")).get().isEqualTo(bytes("original"));
    assertThat(storage.get("k").orElseThrow()).isNotSameAs(storage.get("k").orElseThrow());
  }

  @Test
  void aBatchKeepsItsOwnCopyOfEveryValue() {
    byte[] given = bytes("original");
    StorageWrite write = StorageWrite.put("k", given);
    given[0] = 'X';

    storage.apply(List.of(write));

    assertThat(storage.get("k")).get().isEqualTo(bytes("original"));
  }

  // --- invalid keys ---------------------------------------------------------------------------

  @Test
  void invalidKeysAreRefusedByEveryCall() {
    List<String> invalid =
        Arrays.asList(
            null,
            "",
            "x".repeat(StorageKeys.MAX_LENGTH + 1),
            "a\nb",
            "a\u0000b",
            "tab\t",
            "\u007f",
            "\u0085");
    for (String key : invalid) {
      String label = describe(key);
      assertThatThrownBy(() -> storage.get(key))
          .as("get " + label)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> storage.put(key, bytes("v")))
          .as("put " + label)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> storage.delete(key))
          .as("delete " + label)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(storage.list("")).isEmpty();
  }

  @Test
  void aNullValueIsRefusedAndStoresNothing() {
    assertThatThrownBy(() -> storage.put("k", null)).isInstanceOf(NullPointerException.class);

    assertThat(storage.get("k")).isEmpty();
  }

  @Test
  void aKeyWithAnUnpairedSurrogateIsRefusedOrKeptApartNeverAliased() {
    storage.put("a?", bytes("question mark"));
    storage.put("a\uFFFD", bytes("replacement character"));

    String[] unpaired = {"a\uD800", "a\uDC00", "a\uDBFFx"};
    for (String key : unpaired) {
      Throwable refused = catchThrowable(() -> storage.put(key, bytes("surrogate")));
      if (refused != null) {
        assertThat(refused).as(key).isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(storage.get(key)).as(key).get().isEqualTo(bytes("surrogate"));
        assertThat(storage.delete(key)).as(key).isTrue();
      }
    }

    assertThat(storage.get("a?")).get().isEqualTo(bytes("question mark"));
    assertThat(storage.get("a\uFFFD")).get().isEqualTo(bytes("replacement character"));
    assertThat(storage.list("")).containsExactly("a?", "a\uFFFD");
  }

  // --- list -----------------------------------------------------------------------------------

  @Test
  void anEmptyStorageListsNothing() {
    assertThat(storage.list("")).isEmpty();
    assertThat(storage.list("a")).isEmpty();
  }

  @Test
  void theEmptyPrefixListsEveryKeyInStringOrder() {
    List<String> shuffled = new ArrayList<>(TRICKY_KEYS);
    Collections.shuffle(shuffled, new Random(7));
    putAll(shuffled);

    assertThat(storage.list("")).containsExactlyElementsOf(sorted(TRICKY_KEYS));
  }

  @Test
  void listMatchesTheExactPrefixNotALikePattern() {
    putAll(TRICKY_KEYS);

    assertThat(storage.list("a/")).containsExactly("a/b", "a/b/c", "a/bc");
    assertThat(storage.list("a/b"))
        .as("a key is its own prefix")
        .containsExactly("a/b", "a/b/c", "a/bc");
    assertThat(storage.list("a/b/")).containsExactly("a/b/c");
    assertThat(storage.list("a%")).as("%% is not a wildcard").containsExactly("a%", "a%b");
    assertThat(storage.list("a_")).as("_ is not a wildcard").containsExactly("a_b");
    assertThat(storage.list("a\\")).as("\\ is not an escape").containsExactly("a\\b");
    assertThat(storage.list("%")).isEmpty();
    assertThat(storage.list("_")).isEmpty();
    assertThat(storage.list("a/bc/")).isEmpty();
  }

  @Test
  void listIsCaseSensitive() {
    putAll(TRICKY_KEYS);

    assertThat(storage.list("A")).containsExactly("A/b", "AB");
    assertThat(storage.list("a/B")).isEmpty();
    assertThat(storage.list("Z")).isEmpty();
    assertThat(storage.list("b")).containsExactly("b");
  }

  @Test
  void listMatchesUnicodeByExactCharacters() {
    putAll(TRICKY_KEYS);

    assertThat(storage.list("é")).containsExactly("é");
    assertThat(storage.list("e")).containsExactly("e\u0301");
    assertThat(storage.list("日本")).containsExactly("日本/鍵");
    assertThat(storage.list("a\uFFFF")).containsExactly("a\uFFFF");
    assertThat(storage.list("a\uD83D\uDE00")).containsExactly("a\uD83D\uDE00");
    assertThat(storage.list("a\uD7FF")).containsExactly("a\uD7FF");
    assertThat(storage.list("a\uE000")).containsExactly("a\uE000");
    assertThat(storage.list("a\uDBFF\uDFFF")).containsExactly("a\uDBFF\uDFFF", "a\uDBFF\uDFFF/x");
  }

  @Test
  void aPrefixMatchesByUtf16CodeUnitsAsStringStartsWithDoes() {
    putAll(List.of("a?", "a?x", "a\uD83D\uDE00", "a\uD83D\uDE01/k", "a\uD83C\uDF00"));

    // A prefix may end half-way through a surrogate pair, like String.startsWith allows.
    assertThat(storage.list("a\uD83D")).containsExactly("a\uD83D\uDE00", "a\uD83D\uDE01/k");
    // An unpaired surrogate anywhere else matches nothing, and is never read as "?".
    assertThat(storage.list("a\uDE00")).isEmpty();
    assertThat(storage.list("a\uD83Dx")).isEmpty();
  }

  @Test
  void aPrefixThatNoKeyCanHaveListsNothing() {
    putAll(List.of("a", "a/b"));

    assertThat(storage.list("a\n")).isEmpty();
    assertThat(storage.list("x".repeat(StorageKeys.MAX_LENGTH + 1))).isEmpty();
  }

  @Test
  void listAgreesWithStartsWithForRandomKeysAndPrefixes() {
    // A model check: random keys over an alphabet of troublemakers, every prefix of every key
    // and random prefixes, compared with a sorted map filtered by String.startsWith.
    String[] alphabet = {
      "a",
      "b",
      "A",
      "/",
      "%",
      "_",
      "\\",
      "é",
      "\uFFFF",
      "\uE000",
      "\uD7FF",
      "\uD83D\uDE00",
      "\uDBFF\uDFFF",
      "~"
    };
    Random random = new Random(20250601);
    TreeMap<String, byte[]> model = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      StringBuilder key = new StringBuilder();
      int length = 1 + random.nextInt(5);
      for (int j = 0; j < length; j++) {
        key.append(alphabet[random.nextInt(alphabet.length)]);
      }
      model.put(key.toString(), bytes(key.toString()));
    }
    storage.apply(
        model.entrySet().stream().map(e -> StorageWrite.put(e.getKey(), e.getValue())).toList());

    List<String> prefixes = new ArrayList<>(List.of(""));
    for (String key : model.keySet()) {
      for (int end = 1; end <= key.length(); end++) {
        prefixes.add(key.substring(0, end));
      }
    }
    for (int i = 0; i < 100; i++) {
      prefixes.add(
          alphabet[random.nextInt(alphabet.length)] + alphabet[random.nextInt(alphabet.length)]);
    }
    for (String prefix : Set.copyOf(prefixes)) {
      List<String> expected =
          model.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
      assertThat(storage.list(prefix))
          .as("prefix %s", describe(prefix))
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void theListedKeysDoNotChangeWhenTheStorageDoes() {
    putAll(List.of("p/1", "p/2"));
    List<String> listed = storage.list("p/");

    storage.put("p/3", bytes("v"));
    storage.delete("p/1");

    assertThat(listed).containsExactly("p/1", "p/2");
  }

  // --- apply ----------------------------------------------------------------------------------

  @Test
  void applyWritesEveryEntryOfTheBatch() {
    storage.put("old", bytes("x"));

    storage.apply(
        List.of(
            StorageWrite.put("k1", bytes("v1")),
            StorageWrite.put("k2", bytes("v2")),
            StorageWrite.delete("old"),
            StorageWrite.delete("never-there")));

    assertThat(storage.list("")).containsExactly("k1", "k2");
    assertThat(storage.get("k1")).get().isEqualTo(bytes("v1"));
    assertThat(storage.get("k2")).get().isEqualTo(bytes("v2"));
  }

  @Test
  void applyWritesInOrderSoAPutThenADeleteLeavesNothing() {
    storage.apply(List.of(StorageWrite.put("k", bytes("v")), StorageWrite.delete("k")));

    assertThat(storage.get("k")).isEmpty();
    assertThat(storage.list("")).isEmpty();
  }

  @Test
  void applyWritesInOrderSoADeleteThenAPutLeavesTheValue() {
    storage.put("k", bytes("old"));

    storage.apply(List.of(StorageWrite.delete("k"), StorageWrite.put("k", bytes("new"))));

    assertThat(storage.get("k")).get().isEqualTo(bytes("new"));
  }

  @Test
  void applyWritesInOrderSoTheLastPutWins() {
    storage.apply(
        List.of(
            StorageWrite.put("k", bytes("1")),
            StorageWrite.put("k", bytes("2")),
            StorageWrite.put("k", bytes("3"))));

    assertThat(storage.get("k")).get().isEqualTo(bytes("3"));
  }

  @Test
  void anEmptyBatchDoesNothing() {
    storage.put("k", bytes("v"));

    storage.apply(List.of());

    assertThat(storage.list("")).containsExactly("k");
    assertThat(storage.get("k")).get().isEqualTo(bytes("v"));
  }

  @Test
  void aBatchWithANullWriteIsRefusedWhole() {
    storage.put("kept", bytes("old"));
    List<StorageWrite> withNull =
        Arrays.asList(
            StorageWrite.put("kept", bytes("new")), null, StorageWrite.put("other", bytes("v")));

    assertThatThrownBy(() -> storage.apply(withNull)).isInstanceOf(NullPointerException.class);

    assertThat(storage.get("kept")).get().isEqualTo(bytes("old"));
    assertThat(storage.list("")).containsExactly("kept");
  }

  @Test
  void aBatchIsNeverSeenHalfAppliedByAnotherThread() throws Exception {
    // The writer moves a set of keys between two prefixes in one batch each round; a reader
    // listing everything must see one whole set or the other, never a mix, never neither.
    List<String> left = List.of("move/left/0", "move/left/1", "move/left/2", "move/left/3");
    List<String> right = List.of("move/right/0", "move/right/1", "move/right/2", "move/right/3");
    putAll(left);

    runWriterAgainstReader(
        round -> {
          List<String> from = round % 2 == 0 ? left : right;
          List<String> to = round % 2 == 0 ? right : left;
          List<StorageWrite> batch = new ArrayList<>();
          for (int i = 0; i < from.size(); i++) {
            batch.add(StorageWrite.delete(from.get(i)));
            batch.add(StorageWrite.put(to.get(i), bytes("round " + round)));
          }
          storage.apply(batch);
        },
        () -> {
          List<String> seen = storage.list("move/");
          assertThat(List.of(left, right)).as("a whole set of keys").contains(seen);
        });
  }

  @Test
  void anIntermediateValueInsideABatchIsNeverSeenByAnotherThread() throws Exception {
    storage.put("counter", bytes("0"));

    runWriterAgainstReader(
        round -> {
          // Most of each batch is intermediate states, so a leak would be hard to miss.
          List<StorageWrite> batch = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            batch.add(StorageWrite.put("counter", bytes("half-written")));
            batch.add(StorageWrite.delete("counter"));
          }
          batch.add(StorageWrite.put("counter", bytes(Integer.toString(round + 1))));
          storage.apply(batch);
        },
        () -> {
          byte[] value = storage.get("counter").orElseThrow(() -> new AssertionError("absent"));
          assertThat(new String(value, StandardCharsets.UTF_8)).matches("[0-9]+");
        });
  }

  /** A round of writes, numbered from 0. */
  @FunctionalInterface
  private interface Round {
    void write(int round);
  }

  /**
   * Runs {@code reads} in a loop on one thread while another writes rounds of {@code writes} (see
   * {@link #MIN_ROUNDS}). The writer starts only once the reader has read once, and the reader
   * stops only after the writer finished, so the two always overlap. No sleeping.
   */
  private static void runWriterAgainstReader(Round writes, Runnable reads) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch readerStarted = new CountDownLatch(1);
      AtomicInteger readCount = new AtomicInteger();
      AtomicBoolean writerDone = new AtomicBoolean();
      AtomicBoolean readerDone = new AtomicBoolean();
      Future<?> reader =
          threads.submit(
              () -> {
                try {
                  do {
                    reads.run();
                    readCount.incrementAndGet();
                    readerStarted.countDown();
                  } while (!writerDone.get());
                  return null;
                } finally {
                  // A failed read ends the reader; the writer must not wait for reads forever.
                  readerDone.set(true);
                  readerStarted.countDown();
                }
              });
      Future<Integer> writer =
          threads.submit(
              () -> {
                try {
                  assertThat(readerStarted.await(60, TimeUnit.SECONDS)).isTrue();
                  int round = 0;
                  while (!readerDone.get() && (round < MIN_ROUNDS || readCount.get() < MIN_READS)) {
                    writes.write(round++);
                  }
                  return round;
                } finally {
                  writerDone.set(true);
                }
              });
      int rounds = writer.get(120, TimeUnit.SECONDS);
      reader.get(120, TimeUnit.SECONDS);
      assertThat(rounds).isGreaterThanOrEqualTo(MIN_ROUNDS);
      assertThat(readCount.get()).isGreaterThanOrEqualTo(MIN_READS);
    } finally {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  // --- concurrency ----------------------------------------------------------------------------

  @Test
  void concurrentPutsFromSeveralThreadsAllLand() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(WRITER_THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < WRITER_THREADS; t++) {
        int thread = t;
        writers.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < PUTS_PER_THREAD; i++) {
                    storage.put("t" + thread + "/" + i, bytes(thread + ":" + i));
                    // A shared key too: every write lands, the last one stays whole.
                    storage.put("shared", bytes(thread + ":" + i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> w : writers) {
        w.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, byte[]> expected = new TreeMap<>();
    for (int t = 0; t < WRITER_THREADS; t++) {
      for (int i = 0; i < PUTS_PER_THREAD; i++) {
        expected.put("t" + t + "/" + i, bytes(t + ":" + i));
      }
    }
    List<String> keys = storage.list("t");
    assertThat(keys).containsExactlyElementsOf(sorted(expected.keySet()));
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertThat(storage.get(e.getKey())).as(e.getKey()).get().isEqualTo(e.getValue());
    }
    assertThat(new String(storage.get("shared").orElseThrow(), StandardCharsets.UTF_8))
        .matches("[0-9]+:" + (PUTS_PER_THREAD - 1));
  }
}
