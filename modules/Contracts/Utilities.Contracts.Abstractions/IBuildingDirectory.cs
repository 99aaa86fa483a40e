namespace Utilities.Contracts;

/// <summary>Buildings and their premises for other modules (repair fund, notices, heating by building meter).</summary>
public interface IBuildingDirectory
{
    Task<IReadOnlyList<BuildingSummary>> ListAsync(CancellationToken cancellationToken);
}

/// <param name="TotalArea">The building's total area (heating by building meter, formula 3).</param>
/// <param name="PremisesArea">The sum of its premises' areas (repair-fund contributions).</param>
public sealed record BuildingSummary(long Id, string Address, decimal TotalArea, decimal PremisesArea, bool HasHeatMeter, int PremisesCount);
