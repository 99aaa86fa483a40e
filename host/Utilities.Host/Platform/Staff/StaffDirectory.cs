using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Utilities.Host.Platform.Staff;

/// <summary>Staff accounts of the back office: creation and password sign-in with lockout.</summary>
internal sealed class StaffDirectory(PlatformDbContext db, TimeProvider time)
{
    private const int MaxFailedSignIns = 5;
    private static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    private static readonly PasswordHasher<StaffUser> Hasher = new();

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.StaffUsers.AnyAsync(cancellationToken);

    public async Task<StaffUser> CreateAsync(string login, string displayName, string password, string[] roles, CancellationToken cancellationToken)
    {
        var user = new StaffUser
        {
            Login = login.Trim().ToLowerInvariant(),
            DisplayName = displayName,
            PasswordHash = string.Empty,
            Roles = roles,
            CreatedAt = time.GetUtcNow(),
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.StaffUsers.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>The principal for a correct login and password; null otherwise (without saying which was wrong).</summary>
    public async Task<ClaimsPrincipal?> SignInAsync(string login, string password, CancellationToken cancellationToken)
    {
        var normalized = login.Trim().ToLowerInvariant();
        var user = await db.StaffUsers.SingleOrDefaultAsync(u => u.Login == normalized, cancellationToken);
        var now = time.GetUtcNow();
        if (user is null || !user.IsActive || user.LockedUntil > now)
            return null;

        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= MaxFailedSignIns)
            {
                user.LockedUntil = now + LockoutTime;
                user.FailedSignIns = 0;
            }

            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        user.FailedSignIns = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "staff:" + user.Login),
            new(ClaimTypes.Name, user.DisplayName),
            new(StaffAuthentication.KindClaim, StaffAuthentication.StaffKind),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, StaffAuthentication.Scheme));
    }
}
