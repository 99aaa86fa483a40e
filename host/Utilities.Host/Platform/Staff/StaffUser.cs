namespace Utilities.Host.Platform.Staff;

internal sealed class StaffUser
{
    public long Id { get; init; }

    public required string Login { get; init; }

    public required string DisplayName { get; set; }

    public required string PasswordHash { get; set; }

    public required string[] Roles { get; set; }

    public bool IsActive { get; set; } = true;

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
