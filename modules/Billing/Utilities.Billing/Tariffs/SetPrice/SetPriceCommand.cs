using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Billing.Events;
using Utilities.Billing.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;

namespace Utilities.Billing.Tariffs.SetPrice;

/// <summary>What an accountant enters: a new price of one component of a tariff from a date on.</summary>
internal sealed record SetPriceRequest(long TariffId, string Component, decimal Price, DateOnly ValidFrom);

internal sealed record SetPriceResult(bool Succeeded, bool AlreadySet, string? Error)
{
    public static SetPriceResult Failed(string error) => new(false, false, error);
}

/// <summary>
/// Stores a new price version and publishes <see cref="TariffPriceSet"/> in the same
/// transaction. Repeating the same request changes nothing (idempotent); a different price for a
/// date that already has one is refused, as is a date before the current month (changing the
/// past is a recalculation, which the billing run does).
/// </summary>
internal sealed class SetPriceCommand(BillingDbContext db, IClock clock, IAuditLog audit, IStringLocalizer<BillingText> text)
{
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>Tariffs are set for the coming regulatory periods, not for decades.</summary>
    public const int MaxYearsAhead = 5;

    public async Task<SetPriceResult> ExecuteAsync(SetPriceRequest request, CancellationToken cancellationToken)
    {
        var tariff = await db.Tariffs.Include(t => t.Versions).AsNoTracking().FirstOrDefaultAsync(t => t.Id == request.TariffId, cancellationToken);
        if (tariff is null)
            return SetPriceResult.Failed(text["SetPrice_NoTariff"]);
        var versions = tariff.Versions.Where(v => v.Component == request.Component).OrderBy(v => v.ValidFrom).ToList();
        if (versions.Count == 0)
            return SetPriceResult.Failed(text["SetPrice_NoComponent"]);
        if (request.Price <= 0m || request.Price >= MaxPrice || request.Price != Math.Round(request.Price, 4))
            return SetPriceResult.Failed(text["SetPrice_BadPrice"]);

        var today = await clock.TodayAsync(cancellationToken);
        var existing = versions.FirstOrDefault(v => v.ValidFrom == request.ValidFrom);
        if (existing is not null)
        {
            return existing.Price == request.Price
                ? new SetPriceResult(true, true, null)
                : SetPriceResult.Failed(text["SetPrice_DateTaken", request.ValidFrom.ToString("dd.MM.yyyy", CultureInfo.CurrentCulture), existing.Price.ToString("N2", CultureInfo.CurrentCulture)]);
        }

        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        if (request.ValidFrom < firstOfMonth)
            return SetPriceResult.Failed(text["SetPrice_TooEarly", firstOfMonth.ToString("dd.MM.yyyy", CultureInfo.CurrentCulture)]);
        var latest = today.AddYears(MaxYearsAhead);
        if (request.ValidFrom > latest)
            return SetPriceResult.Failed(text["SetPrice_TooLate", latest.ToString("dd.MM.yyyy", CultureInfo.CurrentCulture)]);

        var previous = versions.LastOrDefault(v => v.ValidFrom < request.ValidFrom);
        var version = new TariffVersion
        {
            TariffId = tariff.Id,
            Component = request.Component,
            ValidFrom = request.ValidFrom,
            Price = request.Price,
            Unit = versions[^1].Unit,
        };
        db.TariffVersions.Add(version);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken); // the version gets its id
            db.Publish(new TariffPriceSet(tariff.Id, version.Id, tariff.Name, tariff.Utility, tariff.SupplierId, version.Component,
                version.Price, previous?.Price, version.Unit, version.ValidFrom), clock.Now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same price was stored by a concurrent (double-clicked, retried) request.
            db.ChangeTracker.Clear();
            return await ExecuteAsync(request, cancellationToken);
        }

        await audit.WriteAsync("tariff.price-set", $"tariff:{tariff.Id}",
            $"{version.Component} {version.Price.ToString(CultureInfo.InvariantCulture)} from {version.ValidFrom:yyyy-MM-dd}", cancellationToken);
        return new SetPriceResult(true, false, null);
    }
}
