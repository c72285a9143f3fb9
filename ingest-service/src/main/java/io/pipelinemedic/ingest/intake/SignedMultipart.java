package io.pipelinemedic.ingest.intake;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;

/**
 * A multipart/form-data body taken in the only safe order: written to disk as it arrives while its
 * HMAC-SHA256 is computed, its signature checked over those raw bytes, and only then its parts read
 * (Netty's decoder, files to disk): a file part becomes a file beside the body, a field a string of
 * at most {@link #FIELD_BYTES}. Only the named parts are taken, each once.
 *
 * @param fields the text parts by name
 * @param files the file parts by name, on disk until moved (the caller discards what it leaves)
 */
public record SignedMultipart(Map<String, String> fields, Map<String, Path> files)
    implements AutoCloseable {

  /** The largest text part. */
  public static final int FIELD_BYTES = 1 << 20;

  /**
   * Reads {@code body} into {@code folder} and verifies {@code signature} (the hex HMAC of the
   * whole body keyed with {@code secret}) before any part is read.
   *
   * @throws RejectedDelivery 401 for a missing or wrong signature, 400 for a body that is not the
   *     expected multipart
   */
  public static SignedMultipart read(
      String reporter,
      String secret,
      String signature,
      String contentType,
      InputStream body,
      Path folder,
      Set<String> fieldNames,
      Set<String> fileNames) {
    if (signature == null || signature.isBlank()) {
      throw new RejectedDelivery(reporter, 401, "missing signature in the Authorization header");
    }
    Path raw = null;
    try {
      Files.createDirectories(folder);
      raw = Files.createTempFile(folder, "signed-", ".multipart");
      Mac mac = Signatures.hmac(secret);
      try (OutputStream out = Files.newOutputStream(raw)) {
        byte[] buffer = new byte[64 * 1024];
        for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
          mac.update(buffer, 0, read);
          out.write(buffer, 0, read);
        }
      }
      if (!Signatures.hexMatches(HexFormat.of().formatHex(mac.doFinal()), signature)) {
        throw new RejectedDelivery(reporter, 401, "signature does not match the body");
      }
      return parts(reporter, raw, contentType, folder, fieldNames, fileNames);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the body in " + folder, e);
    } finally {
      if (raw != null) {
        try {
          Files.deleteIfExists(raw);
        } catch (IOException ignored) {
          // a file the disk would not let go of is left for the operator
        }
      }
    }
  }

  private static SignedMultipart parts(
      String reporter,
      Path raw,
      String contentType,
      Path folder,
      Set<String> fieldNames,
      Set<String> fileNames)
      throws IOException {
    DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, String.valueOf(contentType));
    DefaultHttpDataFactory factory = new DefaultHttpDataFactory(true, StandardCharsets.UTF_8);
    factory.setBaseDir(folder.toString());
    factory.setDeleteOnExit(false);
    SignedMultipart parts = new SignedMultipart(new HashMap<>(), new HashMap<>());
    HttpPostMultipartRequestDecoder decoder;
    try {
      decoder = new HttpPostMultipartRequestDecoder(factory, request, StandardCharsets.UTF_8);
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
      throw new RejectedDelivery(
          reporter, 400, "not a multipart/form-data body: " + e.getMessage());
    }
    try (InputStream in = Files.newInputStream(raw)) {
      byte[] buffer = new byte[64 * 1024];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        DefaultHttpContent chunk = new DefaultHttpContent(Unpooled.wrappedBuffer(buffer, 0, read));
        decoder.offer(chunk);
        parts.take(reporter, decoder, folder, fieldNames, fileNames);
      }
      decoder.offer(LastHttpContent.EMPTY_LAST_CONTENT);
      parts.take(reporter, decoder, folder, fieldNames, fileNames);
      return parts;
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
      parts.close();
      throw new RejectedDelivery(reporter, 400, "malformed multipart body: " + e.getMessage());
    } catch (RuntimeException | IOException e) {
      parts.close();
      throw e;
    } finally {
      decoder.destroy();
      factory.cleanAllHttpData();
    }
  }

  /** Takes the parts the decoder has complete. */
  private void take(
      String reporter,
      HttpPostMultipartRequestDecoder decoder,
      Path folder,
      Set<String> fieldNames,
      Set<String> fileNames)
      throws IOException {
    try {
      while (decoder.hasNext()) {
        InterfaceHttpData data = decoder.next();
        String name = data.getName();
        if (fields.containsKey(name) || files.containsKey(name)) {
          throw new RejectedDelivery(reporter, 400, "part " + name + " is given twice");
        }
        if (data instanceof FileUpload file && fileNames.contains(name)) {
          Path target = Files.createTempFile(folder, "part-", ".upload");
          if (!file.renameTo(target.toFile())) {
            Files.deleteIfExists(target);
            throw new IOException("cannot keep part " + name);
          }
          files.put(name, target);
        } else if (data instanceof Attribute field && fieldNames.contains(name)) {
          if (field.length() > FIELD_BYTES) {
            throw new RejectedDelivery(reporter, 400, "part " + name + " is over " + FIELD_BYTES);
          }
          fields.put(name, field.getValue());
        } else {
          throw new RejectedDelivery(
              reporter,
              400,
              "unexpected part "
                  + name
                  + " (fields: "
                  + String.join(", ", new java.util.TreeSet<>(fieldNames))
                  + "; files: "
                  + String.join(", ", new java.util.TreeSet<>(fileNames))
                  + ")");
        }
      }
    } catch (HttpPostRequestDecoder.EndOfDataDecoderException end) {
      // every part is taken
    }
  }

  /** Deletes the file parts nobody moved. */
  @Override
  public void close() {
    for (Path file : files.values()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a file the disk would not let go of is left for the operator
      }
    }
  }
}
