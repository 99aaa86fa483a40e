namespace Utilities.Notifications.Delivery;

/// <summary>Configuration section <c>Smtp</c>. Without a host, e-mail goes to the recording stand-in.</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> or <c>SslOnConnect</c>.</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Расчётный центр <noreply@example.ru>";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
