namespace Utilities.Notifications.Delivery;

internal sealed class SentMessage
{
    public long Id { get; init; }

    public required string Channel { get; init; }

    public required string Recipient { get; init; }

    public string? Subject { get; init; }

    public string? Body { get; init; }

    /// <summary><c>smtp</c>, or <c>stand-in</c> for the local stand-ins that only record.</summary>
    public required string Transport { get; init; }

    public DateTimeOffset SentAt { get; init; }
}
