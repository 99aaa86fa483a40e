using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Utilities.Notifications.Data;

namespace Utilities.Notifications.Delivery;

/// <summary>
/// E-mail over SMTP with MailKit when <c>Smtp:Host</c> is set, else recorded by the stand-in;
/// SMS through the recording stand-in (the SMS operator is outside our reach). Every message
/// handed over is logged in <c>sent_messages</c>; logs mask the recipient.
/// </summary>
internal sealed partial class MessageSender(
    NotificationsDbContext db,
    IOptions<SmtpOptions> smtp,
    TimeProvider time,
    ILogger<MessageSender> logger) : IMessageSender
{
    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var options = smtp.Value;
        var viaSmtp = message.Channel == MessageChannel.Email && !string.IsNullOrWhiteSpace(options.Host);
        if (viaSmtp)
            await SendEmailAsync(options, message, cancellationToken);

        db.Add(new SentMessage
        {
            Channel = message.Channel == MessageChannel.Email ? "email" : "sms",
            Recipient = message.To,
            Subject = message.Channel == MessageChannel.Email ? message.Subject : null,
            Body = viaSmtp ? null : message.Text,
            Transport = viaSmtp ? "smtp" : "stand-in",
            SentAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        LogSent(message.Channel, Mask(message.To), viaSmtp ? "smtp" : "stand-in");
    }

    private async Task SendEmailAsync(SmtpOptions options, OutgoingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            using var mail = new MimeMessage();
            mail.From.Add(MailboxAddress.Parse(options.From));
            mail.To.Add(MailboxAddress.Parse(message.To));
            mail.Subject = message.Subject;
            mail.Body = new TextPart("plain") { Text = message.Text };
            using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
            await client.ConnectAsync(options.Host!, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
                await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken);
            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
                                      or AuthenticationException or TimeoutException or ParseException or ArgumentException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(e, Mask(message.To));
            throw new MessageNotSentException($"the e-mail to {Mask(message.To)} was not accepted: {e.Message}", e);
        }
    }

    /// <summary>i***@example.ru, +7916***4501: enough to tell messages apart, not to read the contact.</summary>
    internal static string Mask(string recipient)
    {
        var at = recipient.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
            return $"{recipient[0]}***{recipient[at..]}";
        return recipient.Length > 8 ? $"{recipient[..5]}***{recipient[^4..]}" : "***";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} sent to {Recipient} via {Transport}")]
    private partial void LogSent(MessageChannel channel, string recipient, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail to {Recipient} was not sent")]
    private partial void LogFailed(Exception exception, string recipient);
}
