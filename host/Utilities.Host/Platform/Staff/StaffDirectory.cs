using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Utilities.Host.Platform.Staff;

/// <summary>Staff accounts of the back office: creation and password sign-in with lockout.</summary>
internal sealed class StaffDirectory(PlatformDbContext db, TimeProvider time)
{
    private const int MaxFailedSignIns = 5;
    private static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    private const string StaffPrefix = "staff:";
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
        return PrincipalOf(user);
    }

    public async Task<IReadOnlyList<StaffUser>> ListAsync(CancellationToken cancellationToken) =>
        await db.StaffUsers.AsNoTracking().OrderBy(u => u.Login).ToListAsync(cancellationToken);

    public Task<bool> LoginTakenAsync(string login, CancellationToken cancellationToken)
    {
        var normalized = login.Trim().ToLowerInvariant();
        return db.StaffUsers.AnyAsync(u => u.Login == normalized, cancellationToken);
    }

    public Task<StaffUser?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.StaffUsers.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);

    /// <summary>The user behind a staff principal (its name identifier is <c>staff:login</c>).</summary>
    public Task<StaffUser?> FindAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || !id.StartsWith(StaffPrefix, StringComparison.Ordinal))
            return Task.FromResult<StaffUser?>(null);
        var login = id[StaffPrefix.Length..];
        return db.StaffUsers.AsNoTracking().SingleOrDefaultAsync(u => u.Login == login, cancellationToken);
    }

    public async Task UpdateAsync(StaffUser user, string[] roles, bool isActive, CancellationToken cancellationToken)
    {
        user.Roles = roles;
        user.IsActive = isActive;
        await db.SaveChangesAsync(cancellationToken);
    }

    public static ClaimsPrincipal PrincipalOf(StaffUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, StaffPrefix + user.Login),
            new(ClaimTypes.Name, user.DisplayName),
            new(StaffAuthentication.KindClaim, StaffAuthentication.StaffKind),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, StaffAuthentication.Scheme));
    }
}
