package dev.metacircular.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id (RFC 9106, version 0x13) computing its lanes on parallel threads, as the reference
 * implementation does: within each of the 4 slices of a pass the lanes only read blocks of earlier
 * slices, so the lanes of one slice are filled concurrently and the threads meet at the slice's end
 * (RFC 9106 §3.4). Bouncy Castle's generator, which this replaces, fills the lanes one after
 * another, so with the seal's 4 lanes it waited up to 4 times longer than the {@code argon2} tool
 * on the same machine. The output is the same function's: the tests check it against Bouncy Castle
 * and the RFC's test vector.
 *
 * <p>Memory is one {@code long[]} of 128 words per 1 KiB block, borrowed from an {@link
 * Argon2Memory} (which bounds how many exist and zero-fills each when it comes back); the
 * intermediate hashes are zero-filled before returning. Threads: one per lane up to the number of
 * processors, the calling thread being one of them; the others live for one derivation. BLAKE2b is
 * Bouncy Castle's.
 */
final class ParallelArgon2id {

  static final int VERSION = 0x13;
  static final int TYPE_ID = 2;
  private static final int SYNC_POINTS = 4;
  private static final int BLOCK_WORDS = 128;
  private static final int BLOCK_BYTES = 1024;
  private static final int ADDRESSES_IN_BLOCK = 128;
  private static final int PREHASH_LENGTH = 64;
  private static final long M32 = 0xFFFFFFFFL;

  private final int passes;
  private final int lanes;
  private final int segmentLength;
  private final int laneLength;
  private final int memoryBlocks;
  private final long[] memory;

  private ParallelArgon2id(int passes, int memoryKiB, int lanes, long[] memory) {
    this.passes = passes;
    this.lanes = lanes;
    this.segmentLength = blocks(memoryKiB, lanes) / (lanes * SYNC_POINTS);
    this.laneLength = segmentLength * SYNC_POINTS;
    this.memoryBlocks = laneLength * lanes;
    this.memory = memory;
  }

  /** The words of block memory a derivation with these costs writes (RFC 9106 §3.2 step 5). */
  static int memoryWords(int memoryKiB, int lanes) {
    int segment = blocks(memoryKiB, lanes) / (lanes * SYNC_POINTS);
    long words = (long) segment * SYNC_POINTS * lanes * BLOCK_WORDS;
    if (words > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("argon2 memory above 16 GiB is not supported");
    }
    return (int) words;
  }

  private static int blocks(int memoryKiB, int lanes) {
    return Math.max(memoryKiB, 2 * SYNC_POINTS * lanes);
  }

  /** The threads a derivation with {@code lanes} lanes uses on this machine. */
  static int threadsFor(int lanes) {
    return Math.max(1, Math.min(lanes, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Writes the {@code out.length}-byte tag of Argon2id over {@code password}, {@code salt}, {@code
   * secret} and {@code associatedData} (both may be empty) into {@code out}, on {@code threads}
   * threads (the caller's included), its blocks borrowed from the {@linkplain Argon2Memory#shared()
   * shared memory}. Parameters are checked by the caller.
   */
  static void derive(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] associatedData,
      int iterations,
      int memoryKiB,
      int lanes,
      int threads,
      byte[] out) {
    derive(
        password,
        salt,
        secret,
        associatedData,
        iterations,
        memoryKiB,
        lanes,
        threads,
        Argon2Memory.shared(),
        out);
  }

  /** As above, the blocks borrowed from {@code pool} (waiting for a set when all are in use). */
  static void derive(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] associatedData,
      int iterations,
      int memoryKiB,
      int lanes,
      int threads,
      Argon2Memory pool,
      byte[] out) {
    int words = memoryWords(memoryKiB, lanes);
    try (Argon2Memory.Lease lease = pool.acquire(words)) {
      // The lease wipes the blocks when it is closed, whatever happens here.
      ParallelArgon2id instance = new ParallelArgon2id(iterations, memoryKiB, lanes, lease.words());
      byte[] h0 = instance.prehash(password, salt, secret, associatedData, memoryKiB, out.length);
      try {
        instance.fillFirstBlocks(h0);
        instance.fillMemory(Math.max(1, Math.min(threads, lanes)));
        instance.finish(out);
      } finally {
        Arrays.fill(h0, (byte) 0);
      }
    }
  }

  // --- RFC 9106 §3.2 steps 1-3 ------------------------------------------------------------------

  private byte[] prehash(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] associatedData,
      int memoryKiB,
      int tagLength) {
    Blake2bDigest digest = new Blake2bDigest(PREHASH_LENGTH * 8);
    byte[] word = new byte[4];
    for (int value : new int[] {lanes, tagLength, memoryKiB, passes, VERSION, TYPE_ID}) {
      digest.update(le32(word, value), 0, 4);
    }
    for (byte[] field : new byte[][] {password, salt, secret, associatedData}) {
      digest.update(le32(word, field.length), 0, 4);
      digest.update(field, 0, field.length);
    }
    byte[] h0 = new byte[PREHASH_LENGTH + 8];
    digest.doFinal(h0, 0);
    return h0;
  }

  private void fillFirstBlocks(byte[] h0) {
    byte[] block = new byte[BLOCK_BYTES];
    try {
      for (int lane = 0; lane < lanes; lane++) {
        storeLe32(h0, PREHASH_LENGTH + 4, lane);
        for (int column = 0; column < 2; column++) {
          storeLe32(h0, PREHASH_LENGTH, column);
          variableHash(h0, block, BLOCK_BYTES);
          loadBlock(block, (lane * laneLength + column) * BLOCK_WORDS);
        }
      }
    } finally {
      Arrays.fill(block, (byte) 0);
    }
  }

  // --- RFC 9106 §3.2 steps 4-6, §3.4 -------------------------------------------------------------

  private void fillMemory(int threads) {
    if (threads == 1) {
      Scratch scratch = new Scratch();
      for (int pass = 0; pass < passes; pass++) {
        for (int slice = 0; slice < SYNC_POINTS; slice++) {
          for (int lane = 0; lane < lanes; lane++) {
            fillSegment(pass, lane, slice, scratch);
          }
        }
      }
      scratch.wipe();
      return;
    }
    ExecutorService workers =
        Executors.newFixedThreadPool(
            threads - 1,
            runnable -> {
              Thread t = new Thread(runnable, "argon2id-lanes");
              t.setDaemon(true);
              return t;
            });
    try {
      Scratch[] scratch = new Scratch[threads];
      for (int i = 0; i < threads; i++) {
        scratch[i] = new Scratch();
      }
      List<Future<?>> running = new ArrayList<>(threads - 1);
      for (int pass = 0; pass < passes; pass++) {
        for (int slice = 0; slice < SYNC_POINTS; slice++) {
          running.clear();
          for (int worker = 1; worker < threads; worker++) {
            running.add(workers.submit(lanesOf(worker, threads, pass, slice, scratch[worker])));
          }
          lanesOf(0, threads, pass, slice, scratch[0]).run();
          // The slice's end is a synchronisation point: no lane starts the next one early.
          for (Future<?> f : running) {
            await(f);
          }
        }
      }
      for (Scratch s : scratch) {
        s.wipe();
      }
    } finally {
      workers.shutdownNow();
    }
  }

  /** The lanes {@code worker}, {@code worker + threads}, ... of one slice. */
  private Runnable lanesOf(int worker, int threads, int pass, int slice, Scratch scratch) {
    return () -> {
      for (int lane = worker; lane < lanes; lane += threads) {
        fillSegment(pass, lane, slice, scratch);
      }
    };
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("argon2 derivation interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("argon2 lane failed", cause);
    }
  }

  /** Per-thread working blocks. */
  private static final class Scratch {
    final long[] r = new long[BLOCK_WORDS];
    final long[] t = new long[BLOCK_WORDS];
    final long[] address = new long[BLOCK_WORDS];
    final long[] input = new long[BLOCK_WORDS];
    final long[] zero = new long[BLOCK_WORDS];

    void wipe() {
      Arrays.fill(r, 0L);
      Arrays.fill(t, 0L);
      Arrays.fill(address, 0L);
      Arrays.fill(input, 0L);
    }
  }

  private void fillSegment(int pass, int lane, int slice, Scratch s) {
    boolean dataIndependent = pass == 0 && slice < SYNC_POINTS / 2;
    if (dataIndependent) {
      Arrays.fill(s.input, 0L);
      s.input[0] = pass;
      s.input[1] = lane;
      s.input[2] = slice;
      s.input[3] = memoryBlocks;
      s.input[4] = passes;
      s.input[5] = TYPE_ID;
    }
    int start = 0;
    if (pass == 0 && slice == 0) {
      start = 2; // the first two blocks of each lane are already filled
      if (dataIndependent) {
        nextAddresses(s);
      }
    }
    int current = lane * laneLength + slice * segmentLength + start;
    int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
    for (int index = start; index < segmentLength; index++, current++, previous++) {
      if (current % laneLength == 1) {
        previous = current - 1;
      }
      long pseudoRandom;
      if (dataIndependent) {
        if (index % ADDRESSES_IN_BLOCK == 0) {
          nextAddresses(s);
        }
        pseudoRandom = s.address[index % ADDRESSES_IN_BLOCK];
      } else {
        pseudoRandom = memory[previous * BLOCK_WORDS];
      }
      int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
      int refIndex = referenceIndex(pass, slice, index, pseudoRandom & M32, refLane == lane);
      int ref = refLane * laneLength + refIndex;
      fillBlock(
          memory,
          previous * BLOCK_WORDS,
          memory,
          ref * BLOCK_WORDS,
          memory,
          current * BLOCK_WORDS,
          pass != 0,
          s.r,
          s.t);
    }
  }

  /** RFC 9106 §3.4.2: the reference block's column within its lane. */
  private int referenceIndex(int pass, int slice, int index, long j1, boolean sameLane) {
    int area;
    if (pass == 0) {
      if (slice == 0) {
        area = index - 1;
      } else if (sameLane) {
        area = slice * segmentLength + index - 1;
      } else {
        area = slice * segmentLength + (index == 0 ? -1 : 0);
      }
    } else if (sameLane) {
      area = laneLength - segmentLength + index - 1;
    } else {
      area = laneLength - segmentLength + (index == 0 ? -1 : 0);
    }
    long x = (j1 * j1) >>> 32;
    long relative = area - 1 - ((area * x) >>> 32);
    int startPosition = pass != 0 && slice != SYNC_POINTS - 1 ? (slice + 1) * segmentLength : 0;
    return (int) ((startPosition + relative) % laneLength);
  }

  private static void nextAddresses(Scratch s) {
    s.input[6]++;
    fillBlock(s.zero, 0, s.input, 0, s.address, 0, false, s.r, s.t);
    fillBlock(s.zero, 0, s.address, 0, s.address, 0, false, s.r, s.t);
  }

  /**
   * RFC 9106 §3.5, the compression function G: {@code out = P(x ^ y) ^ x ^ y}, also XORed with
   * {@code out}'s previous value when {@code withXor} (passes after the first, version 0x13).
   * {@code out} may be {@code y}.
   */
  private static void fillBlock(
      long[] x,
      int xOff,
      long[] y,
      int yOff,
      long[] out,
      int outOff,
      boolean withXor,
      long[] r,
      long[] t) {
    if (withXor) {
      for (int i = 0; i < BLOCK_WORDS; i++) {
        long v = x[xOff + i] ^ y[yOff + i];
        r[i] = v;
        t[i] = v ^ out[outOff + i];
      }
    } else {
      for (int i = 0; i < BLOCK_WORDS; i++) {
        long v = x[xOff + i] ^ y[yOff + i];
        r[i] = v;
        t[i] = v;
      }
    }
    for (int i = 0; i < 8; i++) {
      int b = 16 * i;
      round(
          r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11,
          b + 12, b + 13, b + 14, b + 15);
    }
    for (int i = 0; i < 8; i++) {
      int b = 2 * i;
      round(
          r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80,
          b + 81, b + 96, b + 97, b + 112, b + 113);
    }
    for (int i = 0; i < BLOCK_WORDS; i++) {
      out[outOff + i] = t[i] ^ r[i];
    }
  }

  /** The BLAKE2b round without message words, on 16 of the block's words (RFC 9106 §3.6). */
  private static void round(
      long[] v,
      int i0,
      int i1,
      int i2,
      int i3,
      int i4,
      int i5,
      int i6,
      int i7,
      int i8,
      int i9,
      int i10,
      int i11,
      int i12,
      int i13,
      int i14,
      int i15) {
    long v0 = v[i0];
    long v1 = v[i1];
    long v2 = v[i2];
    long v3 = v[i3];
    long v4 = v[i4];
    long v5 = v[i5];
    long v6 = v[i6];
    long v7 = v[i7];
    long v8 = v[i8];
    long v9 = v[i9];
    long v10 = v[i10];
    long v11 = v[i11];
    long v12 = v[i12];
    long v13 = v[i13];
    long v14 = v[i14];
    long v15 = v[i15];
    v0 += v4 + 2 * (v0 & M32) * (v4 & M32);
    v12 = Long.rotateRight(v12 ^ v0, 32);
    v8 += v12 + 2 * (v8 & M32) * (v12 & M32);
    v4 = Long.rotateRight(v4 ^ v8, 24);
    v0 += v4 + 2 * (v0 & M32) * (v4 & M32);
    v12 = Long.rotateRight(v12 ^ v0, 16);
    v8 += v12 + 2 * (v8 & M32) * (v12 & M32);
    v4 = Long.rotateRight(v4 ^ v8, 63);
    v1 += v5 + 2 * (v1 & M32) * (v5 & M32);
    v13 = Long.rotateRight(v13 ^ v1, 32);
    v9 += v13 + 2 * (v9 & M32) * (v13 & M32);
    v5 = Long.rotateRight(v5 ^ v9, 24);
    v1 += v5 + 2 * (v1 & M32) * (v5 & M32);
    v13 = Long.rotateRight(v13 ^ v1, 16);
    v9 += v13 + 2 * (v9 & M32) * (v13 & M32);
    v5 = Long.rotateRight(v5 ^ v9, 63);
    v2 += v6 + 2 * (v2 & M32) * (v6 & M32);
    v14 = Long.rotateRight(v14 ^ v2, 32);
    v10 += v14 + 2 * (v10 & M32) * (v14 & M32);
    v6 = Long.rotateRight(v6 ^ v10, 24);
    v2 += v6 + 2 * (v2 & M32) * (v6 & M32);
    v14 = Long.rotateRight(v14 ^ v2, 16);
    v10 += v14 + 2 * (v10 & M32) * (v14 & M32);
    v6 = Long.rotateRight(v6 ^ v10, 63);
    v3 += v7 + 2 * (v3 & M32) * (v7 & M32);
    v15 = Long.rotateRight(v15 ^ v3, 32);
    v11 += v15 + 2 * (v11 & M32) * (v15 & M32);
    v7 = Long.rotateRight(v7 ^ v11, 24);
    v3 += v7 + 2 * (v3 & M32) * (v7 & M32);
    v15 = Long.rotateRight(v15 ^ v3, 16);
    v11 += v15 + 2 * (v11 & M32) * (v15 & M32);
    v7 = Long.rotateRight(v7 ^ v11, 63);
    v0 += v5 + 2 * (v0 & M32) * (v5 & M32);
    v15 = Long.rotateRight(v15 ^ v0, 32);
    v10 += v15 + 2 * (v10 & M32) * (v15 & M32);
    v5 = Long.rotateRight(v5 ^ v10, 24);
    v0 += v5 + 2 * (v0 & M32) * (v5 & M32);
    v15 = Long.rotateRight(v15 ^ v0, 16);
    v10 += v15 + 2 * (v10 & M32) * (v15 & M32);
    v5 = Long.rotateRight(v5 ^ v10, 63);
    v1 += v6 + 2 * (v1 & M32) * (v6 & M32);
    v12 = Long.rotateRight(v12 ^ v1, 32);
    v11 += v12 + 2 * (v11 & M32) * (v12 & M32);
    v6 = Long.rotateRight(v6 ^ v11, 24);
    v1 += v6 + 2 * (v1 & M32) * (v6 & M32);
    v12 = Long.rotateRight(v12 ^ v1, 16);
    v11 += v12 + 2 * (v11 & M32) * (v12 & M32);
    v6 = Long.rotateRight(v6 ^ v11, 63);
    v2 += v7 + 2 * (v2 & M32) * (v7 & M32);
    v13 = Long.rotateRight(v13 ^ v2, 32);
    v8 += v13 + 2 * (v8 & M32) * (v13 & M32);
    v7 = Long.rotateRight(v7 ^ v8, 24);
    v2 += v7 + 2 * (v2 & M32) * (v7 & M32);
    v13 = Long.rotateRight(v13 ^ v2, 16);
    v8 += v13 + 2 * (v8 & M32) * (v13 & M32);
    v7 = Long.rotateRight(v7 ^ v8, 63);
    v3 += v4 + 2 * (v3 & M32) * (v4 & M32);
    v14 = Long.rotateRight(v14 ^ v3, 32);
    v9 += v14 + 2 * (v9 & M32) * (v14 & M32);
    v4 = Long.rotateRight(v4 ^ v9, 24);
    v3 += v4 + 2 * (v3 & M32) * (v4 & M32);
    v14 = Long.rotateRight(v14 ^ v3, 16);
    v9 += v14 + 2 * (v9 & M32) * (v14 & M32);
    v4 = Long.rotateRight(v4 ^ v9, 63);
    v[i0] = v0;
    v[i1] = v1;
    v[i2] = v2;
    v[i3] = v3;
    v[i4] = v4;
    v[i5] = v5;
    v[i6] = v6;
    v[i7] = v7;
    v[i8] = v8;
    v[i9] = v9;
    v[i10] = v10;
    v[i11] = v11;
    v[i12] = v12;
    v[i13] = v13;
    v[i14] = v14;
    v[i15] = v15;
  }

  // --- RFC 9106 §3.2 step 7 ----------------------------------------------------------------------

  private void finish(byte[] out) {
    long[] last = new long[BLOCK_WORDS];
    byte[] bytes = new byte[BLOCK_BYTES];
    try {
      for (int lane = 0; lane < lanes; lane++) {
        int offset = (lane * laneLength + laneLength - 1) * BLOCK_WORDS;
        for (int i = 0; i < BLOCK_WORDS; i++) {
          last[i] ^= memory[offset + i];
        }
      }
      for (int i = 0; i < BLOCK_WORDS; i++) {
        storeLe64(bytes, i * 8, last[i]);
      }
      variableHash(bytes, out, out.length);
    } finally {
      Arrays.fill(last, 0L);
      Arrays.fill(bytes, (byte) 0);
    }
  }

  // --- RFC 9106 §3.3, the variable-length hash H' ---------------------------------------------

  static void variableHash(byte[] input, byte[] out, int outLength) {
    byte[] lengthWord = le32(new byte[4], outLength);
    if (outLength <= 64) {
      Blake2bDigest digest = new Blake2bDigest(outLength * 8);
      digest.update(lengthWord, 0, 4);
      digest.update(input, 0, input.length);
      byte[] full = new byte[outLength];
      digest.doFinal(full, 0);
      System.arraycopy(full, 0, out, 0, outLength);
      Arrays.fill(full, (byte) 0);
      return;
    }
    byte[] v = new byte[64];
    byte[] next = new byte[64];
    try {
      Blake2bDigest digest = new Blake2bDigest(512);
      digest.update(lengthWord, 0, 4);
      digest.update(input, 0, input.length);
      digest.doFinal(v, 0);
      System.arraycopy(v, 0, out, 0, 32);
      int position = 32;
      int remaining = outLength - 32;
      while (remaining > 64) {
        digest.reset();
        digest.update(v, 0, 64);
        digest.doFinal(next, 0);
        System.arraycopy(next, 0, v, 0, 64);
        System.arraycopy(v, 0, out, position, 32);
        position += 32;
        remaining -= 32;
      }
      Blake2bDigest lastDigest = new Blake2bDigest(remaining * 8);
      lastDigest.update(v, 0, 64);
      lastDigest.doFinal(next, 0);
      System.arraycopy(next, 0, out, position, remaining);
    } finally {
      Arrays.fill(v, (byte) 0);
      Arrays.fill(next, (byte) 0);
    }
  }

  // --- little-endian helpers --------------------------------------------------------------------

  private void loadBlock(byte[] bytes, int wordOffset) {
    for (int i = 0; i < BLOCK_WORDS; i++) {
      long w = 0;
      for (int b = 7; b >= 0; b--) {
        w = (w << 8) | (bytes[i * 8 + b] & 0xFF);
      }
      memory[wordOffset + i] = w;
    }
  }

  private static byte[] le32(byte[] into, int value) {
    storeLe32(into, 0, value);
    return into;
  }

  private static void storeLe32(byte[] into, int offset, int value) {
    into[offset] = (byte) value;
    into[offset + 1] = (byte) (value >>> 8);
    into[offset + 2] = (byte) (value >>> 16);
    into[offset + 3] = (byte) (value >>> 24);
  }

  private static void storeLe64(byte[] into, int offset, long value) {
    for (int b = 0; b < 8; b++) {
      into[offset + b] = (byte) (value >>> (8 * b));
    }
  }
}
