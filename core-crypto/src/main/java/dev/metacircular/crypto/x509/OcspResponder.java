package dev.metacircular.crypto.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An OCSP responder (RFC 6960) for several issuers: each single request is answered by the issuer
 * its CertID names (issuer name and key hashes, SHA-1 or SHA-256), and the response is signed by
 * that issuer's key, the responder ID being its key hash. A request's nonce is echoed. Malformed
 * requests answer {@code malformedRequest}, requests for an issuer this responder does not know
 * {@code unauthorized}; never an exception for bad input.
 */
public final class OcspResponder {

  /** What the CA knows of one serial number. */
  public sealed interface Status {
    /** Issued here and not revoked. */
    record Good() implements Status {}

    /** Revoked at {@code at}. */
    record Revoked(Instant at) implements Status {}

    /** Not issued by this issuer (or removed by tidy). */
    record Unknown() implements Status {}
  }

  /**
   * An answer: its DER, and whether it may be served again to the same request until its nextUpdate
   * (a successful answer to a request without a nonce).
   */
  public record Answer(byte[] der, boolean reusable) {}

  /** One issuer: its signer and the status of its serials. */
  public record Issuer(CertificateSigner signer, Function<BigInteger, Status> status) {}

  private final DigestCalculatorProvider digests;

  public OcspResponder() {
    try {
      this.digests = new JcaDigestCalculatorProviderBuilder().build();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The DER of the OCSP response to {@code request}, valid from {@code now} until {@code
   * nextUpdate}.
   */
  public byte[] respond(byte[] request, List<Issuer> issuers, Instant now, Instant nextUpdate) {
    return answer(request, issuers, now, nextUpdate).der();
  }

  /** {@link #respond}, saying whether the answer may be reused (see {@link Answer}). */
  public Answer answer(byte[] request, List<Issuer> issuers, Instant now, Instant nextUpdate) {
    OCSPReq ocspRequest;
    Req[] singles;
    try {
      ocspRequest = new OCSPReq(request);
      singles = ocspRequest.getRequestList();
    } catch (IOException | RuntimeException e) {
      return new Answer(status(OCSPRespBuilder.MALFORMED_REQUEST), false);
    }
    if (singles.length == 0) {
      return new Answer(status(OCSPRespBuilder.MALFORMED_REQUEST), false);
    }
    Optional<Issuer> answering = issuerOf(singles[0].getCertID(), issuers);
    if (answering.isEmpty()) {
      return new Answer(status(OCSPRespBuilder.UNAUTHORIZED), false);
    }
    Issuer issuer = answering.get();
    try {
      X509CertificateHolder issuerHolder =
          new X509CertificateHolder(issuer.signer().certificate().getEncoded());
      BasicOCSPRespBuilder builder =
          new BasicOCSPRespBuilder(
              new RespID(
                  issuerHolder.getSubjectPublicKeyInfo(), digests.get(CertificateID.HASH_SHA1)));
      for (Req single : singles) {
        CertificateID id = single.getCertID();
        CertificateStatus status;
        if (!id.matchesIssuer(issuerHolder, digests)) {
          status = new UnknownStatus();
        } else {
          Status known = issuer.status().apply(id.getSerialNumber());
          if (known instanceof Status.Revoked r) {
            status = new RevokedStatus(Date.from(r.at()), 0);
          } else if (known instanceof Status.Good) {
            status = CertificateStatus.GOOD;
          } else {
            status = new UnknownStatus();
          }
        }
        builder.addResponse(id, status, Date.from(now), Date.from(nextUpdate));
      }
      Extension nonce = ocspRequest.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
      if (nonce != null) {
        builder.setResponseExtensions(new Extensions(nonce));
      }
      byte[] der =
          new OCSPRespBuilder()
              .build(
                  OCSPRespBuilder.SUCCESSFUL,
                  builder.build(
                      issuer.signer().contentSigner(),
                      new X509CertificateHolder[] {issuerHolder},
                      Date.from(now)))
              .getEncoded();
      return new Answer(der, nonce == null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OCSPException
        | OperatorCreationException
        | java.security.cert.CertificateException e) {
      throw new IllegalStateException("cannot build the OCSP response", e);
    }
  }

  private Optional<Issuer> issuerOf(CertificateID id, List<Issuer> issuers) {
    for (Issuer issuer : issuers) {
      try {
        X509CertificateHolder holder =
            new X509CertificateHolder(issuer.signer().certificate().getEncoded());
        if (id.matchesIssuer(holder, digests)) {
          return Optional.of(issuer);
        }
      } catch (OCSPException | IOException | java.security.cert.CertificateException e) {
        // An issuer whose certificate cannot be re-read cannot answer; try the others.
      }
    }
    return Optional.empty();
  }

  private static byte[] status(int code) {
    try {
      return new OCSPRespBuilder().build(code, null).getEncoded();
    } catch (IOException | OCSPException e) {
      throw new IllegalStateException(e);
    }
  }
}
