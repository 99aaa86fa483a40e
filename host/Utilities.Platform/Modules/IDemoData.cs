namespace Utilities.Platform.Modules;

/// <summary>
/// Loads a module's demonstration data. Runs once per database, in <see cref="Order"/>; a module
/// that needs another module's records reads them through that module's public interfaces.
/// </summary>
public interface IDemoData
{
    int Order { get; }

    Task SeedAsync(CancellationToken cancellationToken);
}
