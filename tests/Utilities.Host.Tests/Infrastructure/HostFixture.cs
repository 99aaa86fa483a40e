namespace Utilities.Host.Tests.Infrastructure;

/// <summary>One database and one running host (all modules on, demo data loaded) per test class.</summary>
public class HostFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public HostFactory Factory { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Factory = new HostFactory(Database.ConnectionString, Settings);
        _ = Factory.Server; // starts the host: migrations and demo data run here
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
