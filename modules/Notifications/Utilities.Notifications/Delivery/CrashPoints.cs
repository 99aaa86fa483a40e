namespace Utilities.Notifications.Delivery;

/// <summary>
/// Named points where tests stop a host as if it died there (nothing after the point runs); in
/// production nothing is hooked. The no-loss, no-second-id guarantees are tested at each.
/// </summary>
internal sealed class CrashPoints
{
    /// <summary>The fan-out has staged its recipients, not yet queued or committed anything.</summary>
    public const string FanOutStaged = "fanout.staged";

    /// <summary>The SMTP server accepted a message; the delivery is not yet marked sent.</summary>
    public const string SmtpAccepted = "send.accepted";

    /// <summary>A test's hook: awaited at each point (a hook that never returns is a process that died there).</summary>
    public Func<string, CancellationToken, Task>? Hook { get; set; }

    public Task PassAsync(string point, CancellationToken cancellationToken) => Hook?.Invoke(point, cancellationToken) ?? Task.CompletedTask;
}
