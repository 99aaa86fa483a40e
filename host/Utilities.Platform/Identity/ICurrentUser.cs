namespace Utilities.Platform.Identity;

/// <summary>Who is asking: a staff member, a consumer, an API client, or nobody.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    /// <summary>A stable id for audit records (staff login, consumer id, API client id).</summary>
    string? Id { get; }

    string? DisplayName { get; }

    bool IsInRole(string role);
}
