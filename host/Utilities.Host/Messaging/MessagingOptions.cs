namespace Utilities.Host.Messaging;

/// <summary>Configuration section <c>Messaging</c>.</summary>
internal sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>False holds dispatch back: events stay in the outboxes (another host, or a later start, delivers them).</summary>
    public bool DispatchEnabled { get; set; } = true;

    /// <summary>How long the dispatcher waits for a NOTIFY before it looks again (retries are due without one).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; set; } = 100;
}
