package dev.metacircular.crypto.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs OpenSSH's own {@code ssh-keygen} (Debian's openssh-client), the judge of our encodings. */
final class OpenSshTool {
  private OpenSshTool() {}

  record Result(int exit, String output) {}

  static Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(
          p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A new key pair made by ssh-keygen; answers the public key line. */
  static String newKey(Path dir, String name, String type, String bits) throws IOException {
    Path key = dir.resolve(name);
    List<String> args =
        new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-t", type, "-f", key.toString()));
    if (bits != null) {
      args.add("-b");
      args.add(bits);
    }
    Result r = run(dir, args.toArray(String[]::new));
    if (r.exit() != 0) {
      throw new AssertionError(r.output());
    }
    return Files.readString(dir.resolve(name + ".pub")).strip();
  }
}
