using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Runs;

/// <summary>Reversal lines: a closed period is never edited, its lines are cancelled by negated copies with a reason.</summary>
internal static class Reversals
{
    public const string ReadingAfterEstimate = "Получены показания: начисление по среднему или нормативу пересчитано по счётчику (п. 61 Правил 354)";

    /// <summary>The lines of an account for the periods from..before that still count (not reversed already).</summary>
    public static Task<List<ChargeLineRow>> EffectiveAsync(BillingDbContext db, long accountId, DateOnly from, DateOnly before, CancellationToken cancellationToken) =>
        db.ChargeLines.AsNoTracking()
            .Where(l => l.AccountId == accountId && l.Period >= from && l.ForPeriod >= from && l.ForPeriod < before && l.Kind != ChargeKind.Reversal
                        && !db.ChargeLines.Any(r => r.AccountId == accountId && r.ReversesId == l.Id))
            .OrderBy(l => l.Id)
            .ToListAsync(cancellationToken);

    /// <summary>Reversals of the estimated lines (average or norm) of the periods from..before.</summary>
    public static async Task<IEnumerable<ChargeLineRow>> OfEstimatesAsync(BillingDbContext db, long accountId, DateOnly from, DateOnly before, CancellationToken cancellationToken) =>
        (await EffectiveAsync(db, accountId, from, before, cancellationToken))
            .Where(l => l.Basis is (short)VolumeBasis.Average or (short)VolumeBasis.Norm)
            .Select(l => Of(l, ReadingAfterEstimate));

    public static ChargeLineRow Of(ChargeLineRow line, string reason) => line with
    {
        Id = 0,
        RunId = 0,
        Period = default,
        Kind = ChargeKind.Reversal,
        Volume = -line.Volume,
        Amount = -line.Amount,
        ReversesId = line.Id,
        Reason = reason,
        ExplanationRu = "Сторно за " + line.ForPeriod.ToString("MM.yyyy", System.Globalization.CultureInfo.InvariantCulture) + ": " + line.ExplanationRu,
        ExplanationEn = "Reversal of " + line.ForPeriod.ToString("MM.yyyy", System.Globalization.CultureInfo.InvariantCulture) + ": " + line.ExplanationEn,
    };
}
