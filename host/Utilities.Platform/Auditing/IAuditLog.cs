namespace Utilities.Platform.Auditing;

/// <summary>Who changed what and when, kept in the <c>platform</c> schema.</summary>
public interface IAuditLog
{
    /// <param name="action">What was done, e.g. <c>setting.changed</c>.</param>
    /// <param name="subject">What it was done to, e.g. the setting key or an account number.</param>
    /// <param name="details">Free text for people; never personal data beyond ids.</param>
    Task WriteAsync(string action, string subject, string? details, CancellationToken cancellationToken = default);
}
