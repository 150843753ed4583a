package org.phirecords.internal.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;

/**
 * Sends e-mail through the SMTP server of {@code records.mail.*} with Jakarta Mail (ADR 47).
 * Subjects and bodies are the module's own fixed texts; the only value from a request is the
 * recipient of a directed copy, accepted as one plain address ({@link #address}), so no header can
 * be injected and no second recipient added.
 */
@ApplicationScoped
public class Mailer {
  /** One plain address: no display name, comments, groups, quotes or line breaks. */
  private static final Pattern PLAIN =
      Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})");

  private Optional<Session> session = Optional.empty();
  private String from;
  private String portal;

  /** For CDI. */
  protected Mailer() {}

  /** The mail server of {@code config}; none when {@code records.mail.host} is not set. */
  @Inject
  public Mailer(RecordsConfig config) {
    Optional<String> host = config.value("records.mail.host").filter(h -> !h.isBlank());
    portal = config.value("records.mail.portal-url").orElse("");
    if (host.isEmpty()) {
      return;
    }
    from =
        config
            .value("records.mail.from")
            .orElseThrow(() -> new IllegalStateException("records.mail.from is required"));
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", host.get());
    p.put("mail.smtp.port", config.value("records.mail.port").orElse("587"));
    String timeout = config.value("records.mail.timeout-millis").orElse("10000");
    p.put("mail.smtp.connectiontimeout", timeout);
    p.put("mail.smtp.timeout", timeout);
    p.put("mail.smtp.writetimeout", timeout);
    boolean tls = Boolean.parseBoolean(config.value("records.mail.starttls").orElse("true"));
    p.put("mail.smtp.starttls.enable", Boolean.toString(tls));
    p.put("mail.smtp.starttls.required", Boolean.toString(tls));
    Optional<String> user = config.value("records.mail.username");
    Optional<String> password = config.value("records.mail.password");
    p.put("mail.smtp.auth", Boolean.toString(user.isPresent()));
    jakarta.mail.Authenticator auth =
        user.isEmpty()
            ? null
            : new jakarta.mail.Authenticator() {
              @Override
              protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                return new jakarta.mail.PasswordAuthentication(user.get(), password.orElse(""));
              }
            };
    session = Optional.of(Session.getInstance(p, auth));
  }

  /** Whether a mail server is configured. */
  public boolean configured() {
    return session.isPresent();
  }

  /** Where a message asks the patient to sign in (may be empty). */
  public String portal() {
    return portal;
  }

  /** Whether {@code s} is one plain e-mail address. */
  public static boolean address(String s) {
    if (s == null || s.length() > 254 || !PLAIN.matcher(s).matches() || s.contains("..")) {
      return false;
    }
    try {
      new InternetAddress(s, true).validate();
      return true;
    } catch (AddressException e) {
      return false;
    }
  }

  /**
   * Sends {@code text} under {@code subject} to {@code to}, with {@code attachment} ({@code name},
   * PDF) if not null.
   *
   * @throws RecordsException with {@code MAIL_UNAVAILABLE} if no server is configured or it did not
   *     accept the message
   */
  public void send(String to, String subject, String text, String name, byte[] attachment) {
    Session s = session.orElseThrow(() -> new RecordsException(ErrorCode.MAIL_UNAVAILABLE));
    if (!address(to)) {
      throw new IllegalArgumentException("not a plain address");
    }
    try {
      MimeMessage m = new MimeMessage(s);
      m.setFrom(new InternetAddress(from, true));
      m.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
      m.setSubject(subject, StandardCharsets.UTF_8.name());
      if (attachment == null) {
        m.setText(text, StandardCharsets.UTF_8.name());
      } else {
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(
            new jakarta.activation.DataHandler(
                new ByteArrayDataSource(attachment, "application/pdf")));
        file.setFileName(name);
        Multipart parts = new MimeMultipart();
        parts.addBodyPart(body);
        parts.addBodyPart(file);
        m.setContent(parts);
      }
      Transport.send(m);
    } catch (MessagingException e) {
      // The cause's type only: a server's answer can quote the recipient.
      throw new RecordsException(
          ErrorCode.MAIL_UNAVAILABLE, "the mail server did not accept the message");
    }
  }
}
