using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Npgsql;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Metering.Events;
using Utilities.Metering.Readings;
using Utilities.Metering.Resources;
using Utilities.Metering.Plugins;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;

namespace Utilities.Metering.Meters;

/// <summary>A meter as the back office describes it (new meter, or the new meter of a replacement).</summary>
internal sealed record MeterForm(
    long? AccountId,
    long? BuildingId,
    string? Utility,
    string? Serial,
    string? Layout,
    int? DigitCapacity,
    bool IsAutomated,
    DateOnly? InstalledOn,
    DateOnly? VerifiedUntil);

internal sealed record RegistryResult(long? MeterId, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// The register of premises and building meters: install, replace (final reading of the old meter
/// and initial reading of the new one in one transaction, so consumption and charts stay
/// continuous), remove, and renew verification. Bad input changes nothing and says why.
/// </summary>
internal sealed class MeterRegistry(
    MeteringDbContext db,
    UtilityTypes utilities,
    ReadingIntake intake,
    IServiceProvider services,
    ICurrentUser user,
    IAuditLog audit,
    IClock clock,
    IStringLocalizer<MeteringText> text)
{
    public const int MaxDigitCapacity = 12;

    public async Task<RegistryResult> RegisterAsync(MeterForm form, CancellationToken cancellationToken)
    {
        var (meter, errors) = await BuildAsync(form, replaces: null, cancellationToken);
        if (meter is null)
            return new RegistryResult(null, errors);
        db.Meters.Add(meter);
        if (!await SaveAsync(errors, cancellationToken))
            return new RegistryResult(null, errors);
        await audit.WriteAsync("metering.meter-registered", $"meter {meter.Serial}", $"{meter.Utility}, account {meter.AccountId}, building {meter.BuildingId}", cancellationToken);
        return new RegistryResult(meter.Id, []);
    }

    /// <summary>
    /// Replaces a meter on a date: the old meter's final readings and the new meter's initial
    /// readings (one text per register each), the old meter removed on that date, all or nothing.
    /// </summary>
    public async Task<RegistryResult> ReplaceAsync(
        long oldMeterId, DateOnly? on, IReadOnlyDictionary<string, string?> finalValues, MeterForm newMeter,
        IReadOnlyDictionary<string, string?> initialValues, CancellationToken cancellationToken)
    {
        var old = await db.Meters.FirstOrDefaultAsync(m => m.Id == oldMeterId, cancellationToken);
        if (old is null)
            return new RegistryResult(null, [text["Meter_NotFound"]]);
        if (old.RemovedOn is not null)
            return new RegistryResult(null, [text["Meter_AlreadyRemoved", old.RemovedOn.Value.ToString("d", CultureInfo.CurrentCulture)]]);
        if (on is not { } date)
            return new RegistryResult(null, [text["Meter_DateRequired"]]);

        var form = newMeter with { AccountId = old.AccountId, BuildingId = old.BuildingId, Utility = old.Utility, InstalledOn = date };
        var (meter, errors) = await BuildAsync(form, replaces: old, cancellationToken);
        if (meter is null)
            return new RegistryResult(null, errors);

        var inspector = ReadingSubmitter.Inspector(user.Id ?? "system");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var final = await intake.SubmitAsync(inspector, new ReadingForm(old.Id, date, finalValues, ReadingKinds.Final), cancellationToken);
        if (!final.Succeeded)
            return Undone(final.AllMessages.Select(m => text["Meter_FinalReading", m].Value).ToList());

        old.RemovedOn = date;
        old.RemovalReason = text["Meter_ReplacedBy", meter.Serial];
        db.Meters.Add(meter);
        if (!await SaveAsync(errors, cancellationToken))
            return Undone(errors);

        var initial = await intake.SubmitAsync(inspector, new ReadingForm(meter.Id, date, initialValues, ReadingKinds.Initial), cancellationToken);
        if (!initial.Succeeded)
            return Undone(initial.AllMessages.Select(m => text["Meter_InitialReading", m].Value).ToList());

        var takenAt = date.ToDateTime(ReadingPeriods.DateOnlyReadingTime);
        db.Publish(new MeterReplaced(old.Id, meter.Id, old.AccountId, old.BuildingId, old.Utility, takenAt, final.Period ?? ReadingPeriods.MonthOf(date)), clock.Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.WriteAsync("metering.meter-replaced", $"meter {old.Serial}", $"replaced by {meter.Serial} on {date:yyyy-MM-dd}", cancellationToken);
        return new RegistryResult(meter.Id, []);
    }

    /// <summary>Removes a meter without a replacement (the account is charged by the norm from then on).</summary>
    public async Task<RegistryResult> RemoveAsync(long meterId, DateOnly? on, string? reason, CancellationToken cancellationToken)
    {
        var meter = await db.Meters.FirstOrDefaultAsync(m => m.Id == meterId, cancellationToken);
        if (meter is null)
            return new RegistryResult(null, [text["Meter_NotFound"]]);
        reason = reason?.Trim();
        var errors = new List<string>();
        if (on is null)
            errors.Add(text["Meter_DateRequired"]);
        else if (on < meter.InstalledOn)
            errors.Add(text["Meter_RemovedBeforeInstalled"]);
        else if (on > await clock.TodayAsync(cancellationToken))
            errors.Add(text["Meter_DateInFuture"]);
        if (string.IsNullOrEmpty(reason))
            errors.Add(text["Meter_ReasonRequired"]);
        if (errors.Count > 0)
            return new RegistryResult(null, errors);
        if (meter.RemovedOn is not null)
            return new RegistryResult(meter.Id, []);

        meter.RemovedOn = on;
        meter.RemovalReason = reason;
        db.Publish(new MeterRemoved(meter.Id, meter.AccountId, meter.BuildingId, meter.Utility, on!.Value, reason!), clock.Now);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync("metering.meter-removed", $"meter {meter.Serial}", reason, cancellationToken);
        return new RegistryResult(meter.Id, []);
    }

    /// <summary>Records a new verification (поверка): the meter is in service again until the new date.</summary>
    public async Task<RegistryResult> VerifyAsync(long meterId, DateOnly? validUntil, CancellationToken cancellationToken)
    {
        var meter = await db.Meters.FirstOrDefaultAsync(m => m.Id == meterId, cancellationToken);
        if (meter is null)
            return new RegistryResult(null, [text["Meter_NotFound"]]);
        if (validUntil is not { } until || until <= await clock.TodayAsync(cancellationToken))
            return new RegistryResult(null, [text["Meter_VerificationInPast"]]);
        meter.VerifiedUntil = until;
        meter.FaultySince = null;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync("metering.meter-verified", $"meter {meter.Serial}", $"valid until {until:yyyy-MM-dd}", cancellationToken);
        return new RegistryResult(meter.Id, []);
    }

    private async Task<(Meter? Meter, List<string> Errors)> BuildAsync(MeterForm form, Meter? replaces, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var culture = CultureInfo.CurrentUICulture;
        var serial = form.Serial?.Trim();
        if (string.IsNullOrEmpty(serial))
            errors.Add(text["Meter_SerialRequired"]);
        else if (serial.Length > 40)
            errors.Add(text["Meter_SerialTooLong", 40]);

        var plugin = form.Utility is null ? null : utilities.Find(form.Utility);
        string[]? registers = null;
        if (plugin is null)
        {
            errors.Add(text["Meter_UtilityUnknown"]);
        }
        else
        {
            var layout = plugin.Layouts.FirstOrDefault(l => l.Code == form.Layout) ?? (plugin.Layouts.Count == 1 && form.Layout is null ? plugin.Layouts[0] : null);
            if (layout is null)
                errors.Add(text["Meter_LayoutUnknown", string.Join(", ", plugin.Layouts.Select(l => l.Name.In(culture)))]);
            else
                registers = [.. layout.Registers];
        }

        if (form.DigitCapacity is not ({ } digits and >= 1 and <= MaxDigitCapacity))
            errors.Add(text["Meter_DigitsRange", 1, MaxDigitCapacity]);
        var today = await clock.TodayAsync(cancellationToken);
        if (form.InstalledOn is not { } installed)
            errors.Add(text["Meter_InstalledRequired"]);
        else if (installed > today)
            errors.Add(text["Meter_DateInFuture"]);
        if (form.VerifiedUntil is not { } verified)
            errors.Add(text["Meter_VerifiedRequired"]);
        else if (form.InstalledOn is { } i && verified <= i)
            errors.Add(text["Meter_VerifiedBeforeInstalled"]);

        if ((form.AccountId is null) == (form.BuildingId is null))
        {
            errors.Add(text["Meter_OwnerRequired"]);
        }
        else if (replaces is null && form.AccountId is { } accountId)
        {
            var account = services.GetService<IAccountDirectory>() is { } directory
                ? (await directory.FindAsync([accountId], cancellationToken)).GetValueOrDefault(accountId)
                : null;
            if (account is null || account.ClosedOn is not null)
                errors.Add(text["Meter_AccountUnknown"]);
            else if (plugin is not null && account.Utility != plugin.Code)
                errors.Add(text["Meter_AccountOtherUtility", utilities.DisplayName(account.Utility, culture)]);
        }
        else if (replaces is null && form.BuildingId is { } buildingId)
        {
            var known = services.GetService<IBuildingDirectory>() is { } buildings
                && (await buildings.ListAsync(cancellationToken)).Any(b => b.Id == buildingId);
            if (!known)
                errors.Add(text["Meter_BuildingUnknown"]);
        }

        if (errors.Count > 0)
            return (null, errors);
        return (new Meter
        {
            AccountId = form.AccountId, BuildingId = form.BuildingId, Utility = plugin!.Code, Serial = serial!, Registers = registers!,
            DigitCapacity = form.DigitCapacity!.Value, IsAutomated = form.IsAutomated, InstalledOn = form.InstalledOn!.Value,
            VerifiedUntil = form.VerifiedUntil!.Value, ReplacesMeterId = replaces?.Id, RegisteredAt = clock.Now.ToUniversalTime(),
        }, errors);
    }

    /// <summary>A replacement that failed half-way: the transaction rolls back, and nothing it tracked may be saved later in this scope.</summary>
    private RegistryResult Undone(List<string> errors)
    {
        db.ChangeTracker.Clear();
        return new RegistryResult(null, errors);
    }

    private async Task<bool> SaveAsync(List<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            errors.Add(text["Meter_SerialTaken"]);
            return false;
        }
    }
}
