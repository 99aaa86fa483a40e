namespace Utilities.Notifications.Delivery;

/// <summary>The SMS operator's gateway (none contracted yet): takes one text for one number.</summary>
internal interface ISmsGateway
{
    /// <summary>True when the gateway only records (the stand-in): the text is kept in <c>sent_messages</c>.</summary>
    bool Records { get; }

    Task SendAsync(string phone, string text, string messageId, CancellationToken cancellationToken);
}

/// <summary>The local stand-in: sends nothing; the delivery lane records what it would send in <c>sent_messages</c>.</summary>
internal sealed class SmsStandIn : ISmsGateway
{
    public bool Records => true;

    public Task SendAsync(string phone, string text, string messageId, CancellationToken cancellationToken) => Task.CompletedTask;
}
