namespace Utilities.Notifications;

public enum MessageChannel
{
    Email,
    Sms,
}

/// <summary>One message to one person: an e-mail (subject and text) or an SMS (text only).</summary>
public sealed record OutgoingMessage(MessageChannel Channel, string To, string Subject, string Text);

/// <summary>
/// Sends a message now (codes, confirmations): e-mail over SMTP, SMS through the operator's
/// gateway (a recording stand-in until a contract with an SMS operator exists). Throws
/// <see cref="MessageNotSentException"/> when the message could not be handed over.
/// </summary>
public interface IMessageSender
{
    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

public sealed class MessageNotSentException : Exception
{
    public MessageNotSentException()
    {
    }

    public MessageNotSentException(string message)
        : base(message)
    {
    }

    public MessageNotSentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
