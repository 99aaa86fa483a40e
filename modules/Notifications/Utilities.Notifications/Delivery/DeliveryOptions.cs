namespace Utilities.Notifications.Delivery;

/// <summary>Configuration section <c>Notifications:Delivery</c>.</summary>
internal sealed class DeliveryOptions
{
    public const string Section = "Notifications:Delivery";

    /// <summary>False: deliveries wait in the table (another host sends them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sending lanes, each with one pooled SMTP connection.</summary>
    public int Lanes { get; set; } = 4;

    public int BatchSize { get; set; } = 250;

    /// <summary>How long a claimed batch is this host's; a host that dies leaves it to others after that.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an idle lane waits for a NOTIFY before it looks again (retries are due without one).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many attempts a delivery is failed (the operators' screen shows it).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry's delay; doubled with each attempt, at most <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The right-hand side of every Message-ID.</summary>
    public string MessageIdDomain { get; set; } = "utilities.local";

    public TimeSpan Backoff(int attempts)
    {
        var seconds = FirstBackoff.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }
}
