namespace Utilities.Notifications.Delivery;

/// <summary>The content its deliveries share: one notice revision, or one personal message. <see cref="Source"/> is its stable name.</summary>
internal sealed class Message
{
    public long Id { get; init; }

    /// <summary><c>notice-12-r3</c>, <c>debt-…-42</c>: the stable part of every delivery's Message-ID.</summary>
    public required string Source { get; init; }

    public required string Topic { get; init; }

    public long? NoticeId { get; init; }

    public required string SubjectRu { get; init; }

    public required string BodyRu { get; init; }

    public required string SubjectEn { get; init; }

    public required string BodyEn { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One message to one consumer through one channel: the durable outbox of e-mail and SMS.</summary>
internal sealed class DeliveryRow
{
    public long Id { get; init; }

    public long MessageId { get; init; }

    public long ConsumerId { get; init; }

    public required string Channel { get; init; }

    public required string Address { get; init; }

    public required string Language { get; init; }

    public required string State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}

internal static class DeliveryStates
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

internal static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";

    public static readonly IReadOnlyList<string> All = [Email, Sms];
}

/// <summary>What consumers are told about, each with its own channel choice.</summary>
internal static class Topics
{
    public const string Outage = "outage";
    public const string Tariff = "tariff";
    public const string Debt = "debt";
    public const string Reading = "reading";
    public const string Bill = "bill";
    public const string Meter = "meter";
    public const string Contract = "contract";

    public static readonly IReadOnlyList<string> All = [Outage, Tariff, Debt, Reading, Bill, Meter, Contract];

    /// <summary>Without a choice of their own, consumers get e-mail on every topic and SMS on outages only (an SMS costs money).</summary>
    public static bool DefaultEnabled(string topic, string channel) => channel == Channels.Email || topic == Outage;

    public static string Of(NoticeKind kind) => kind == NoticeKind.TariffChange ? Tariff : Outage;
}

internal sealed class Preference
{
    public long ConsumerId { get; init; }

    public required string Topic { get; init; }

    public required string Channel { get; init; }

    public bool Enabled { get; set; }
}

internal sealed class ConsumerLanguage
{
    public long ConsumerId { get; init; }

    public required string Language { get; set; }
}

/// <summary>A finished interruption of one service for one account (premises), with its real start and end.</summary>
internal sealed class Interruption
{
    public long NoticeId { get; init; }

    public long AccountId { get; init; }

    public long PremisesId { get; init; }

    public required string Utility { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }
}
