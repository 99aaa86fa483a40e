namespace Utilities.Platform.Modules;

/// <summary>
/// Loads a module's part of the generated scale data set (the common data of the benchmarks):
/// deterministic from <see cref="ScaleDataRequest.Seed"/>, written in bulk. Runs in
/// <see cref="Order"/>; a module that builds on another module's generated records reads them
/// through that module's public interfaces.
/// </summary>
public interface IScaleData
{
    int Order { get; }

    /// <summary>Rows written per table. Throws <see cref="ScaleDataConflictException"/> and writes nothing when the data would collide with what the database holds.</summary>
    Task<IReadOnlyList<(string Table, long Rows)>> LoadAsync(ScaleDataRequest request, CancellationToken cancellationToken);
}

/// <summary>How much to generate (<see cref="Premises"/> flats, four accounts each) and from which seed.</summary>
/// <param name="DailyMonths">Of the year of readings, how many last months automated meters have daily values for (month-end values before).</param>
public sealed record ScaleDataRequest(int Premises, int Seed, int DailyMonths = ScaleDataRequest.DefaultDailyMonths)
{
    public const int DefaultDailyMonths = 1;
}

/// <summary>The scale data cannot go into this database as it is (already loaded, or it would collide); nothing was written.</summary>
public sealed class ScaleDataConflictException(string message, Exception? inner = null) : Exception(message, inner);
