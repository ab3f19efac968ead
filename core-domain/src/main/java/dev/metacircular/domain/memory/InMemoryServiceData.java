package dev.metacircular.domain.memory;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.servicedata.out.ServiceData;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service data directories in memory (tests, embedding): each directory is a map of relative file
 * names to contents, and an archive is those entries written one after another. Several agents of
 * one test share an instance (their service roots differ), as nodes share nothing but the wire.
 * Thread-safe.
 */
public final class InMemoryServiceData implements ServiceData {

  private final Map<Path, Map<String, byte[]>> directories = new HashMap<>();
  private volatile boolean failReceive;

  /** Puts a file into a directory (a test's data). */
  public synchronized void put(Path directory, String file, byte[] content) {
    directories.computeIfAbsent(directory, d -> new TreeMap<>()).put(file, content.clone());
  }

  /** The files of a directory, empty when it does not exist. */
  public synchronized Map<String, byte[]> files(Path directory) {
    return Map.copyOf(directories.getOrDefault(directory, Map.of()));
  }

  /** Whether the directory exists. */
  public synchronized boolean exists(Path directory) {
    return directories.containsKey(directory);
  }

  /** Makes every following receive fail as a broken transfer does (nothing is written). */
  public void failReceives(boolean fail) {
    failReceive = fail;
  }

  @Override
  public void snapshot(Path directory, OutputStream out) {
    Map<String, byte[]> files = files(directory);
    try {
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(files.size());
      for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
        data.writeUTF(file.getKey());
        data.writeInt(file.getValue().length);
        data.write(file.getValue());
      }
      data.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void receive(Path directory, InputStream archive) {
    Map<String, byte[]> files = new TreeMap<>();
    try {
      DataInputStream data = new DataInputStream(archive);
      int count = data.readInt();
      for (int i = 0; i < count; i++) {
        String name = data.readUTF();
        byte[] content = new byte[data.readInt()];
        data.readFully(content);
        files.put(name, content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (failReceive) {
      throw new UncheckedIOException(new IOException("disk full"));
    }
    synchronized (this) {
      if (!directories.getOrDefault(directory, Map.of()).isEmpty()) {
        throw new DomainException.Conflict(
            directory + " exists and is not empty: data is never overwritten");
      }
      directories.put(directory, files);
    }
  }

  @Override
  public synchronized void delete(Path directory) {
    directories.remove(directory);
  }

  /** The archive of a directory as bytes (tests). */
  public byte[] archive(Path directory) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    snapshot(directory, out);
    return out.toByteArray();
  }
}
