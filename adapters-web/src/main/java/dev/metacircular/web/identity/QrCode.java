package dev.metacircular.web.identity;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.util.Map;

/**
 * A QR code as an inline SVG element, made on the server (no script, no image request, nothing
 * leaves the page; the CSP allows neither inline script nor {@code data:} images, and needs neither
 * for this). The encoding is ZXing's: QR (ISO/IEC 18004) is a standard to reuse, not to write
 * again.
 */
final class QrCode {
  /** Blank modules around the code, as the standard asks for. */
  private static final int QUIET_ZONE = 4;

  private QrCode() {}

  /**
   * {@code <svg>} for {@code text}, one unit per module. ZXing takes a {@code String}; the caller
   * makes it from the secret just for this and the page shows the same secret anyway.
   */
  static String svg(String text) {
    QRCode code;
    try {
      code =
          Encoder.encode(
              text, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"));
    } catch (WriterException e) {
      throw new IllegalStateException("text does not fit in a QR code", e);
    }
    ByteMatrix matrix = code.getMatrix();
    int size = matrix.getWidth() + 2 * QUIET_ZONE;
    StringBuilder path = new StringBuilder(matrix.getWidth() * matrix.getHeight() * 4);
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        if (matrix.get(x, y) == 1) {
          path.append('M')
              .append(x + QUIET_ZONE)
              .append(' ')
              .append(y + QUIET_ZONE)
              .append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" id=\"totp-qr\" role=\"img\""
        + " aria-label=\"QR code of the authenticator URI\" viewBox=\"0 0 "
        + size
        + " "
        + size
        + "\" width=\""
        + size * 5
        + "\" height=\""
        + size * 5
        + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\""
        + size
        + "\" height=\""
        + size
        + "\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\""
        + path
        + "\"/></svg>";
  }
}
