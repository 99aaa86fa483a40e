using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;

namespace Utilities.Host.Platform.Audit;

internal sealed class AuditLog(PlatformDbContext db, ICurrentUser user, TimeProvider time) : IAuditLog
{
    public async Task WriteAsync(string action, string subject, string? details, CancellationToken cancellationToken = default)
    {
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = user.Id ?? "system",
            Action = action,
            Subject = subject,
            Details = details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
