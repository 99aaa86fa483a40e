using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Billing.Events;
using Utilities.Platform.Auditing;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Tariffs.CreateTariff;

/// <summary>A new tariff of a supplier: utility, the plugin's shape, validity and a price for each component of the shape.</summary>
internal sealed record CreateTariffRequest(
    string Utility,
    long SupplierId,
    string Shape,
    string Name,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    IReadOnlyDictionary<string, decimal> Prices);

internal sealed record CreateTariffResult(long? TariffId, string? Error);

/// <summary>
/// Creates a tariff with its first prices and announces each price (<see cref="TariffPriceSet"/>,
/// ahead of its date: Notifications tells the consumers). Refused with a message, and nothing
/// written, when the shape is not the plugin's, a component has no price or a bad one, the dates
/// are reversed, or the tariff's dates overlap another tariff of the same supplier, utility and
/// shape (two tariffs would price the same day).
/// </summary>
internal sealed class CreateTariffCommand(BillingDbContext db, IEnumerable<IUtilityPlugin> plugins, IClock clock, IAuditLog audit)
{
    public async Task<CreateTariffResult> ExecuteAsync(CreateTariffRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateAsync(request, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure })
        {
            db.ChangeTracker.Clear();
            return new(null, "Тарифы этого поставщика как раз меняет другой пользователь; проверьте список и повторите.");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.SerializationFailure)
        {
            db.ChangeTracker.Clear();
            return new(null, "Тарифы этого поставщика как раз меняет другой пользователь; проверьте список и повторите.");
        }
    }

    private async Task<CreateTariffResult> CreateAsync(CreateTariffRequest request, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.GetCultureInfo("ru-RU");
        var plugin = plugins.FirstOrDefault(p => p.Code == request.Utility);
        var shape = plugin?.Tariffs?.Shapes.FirstOrDefault(s => s.Code == request.Shape);
        if (plugin is null || shape is null)
            return new(null, $"Услуга «{request.Utility}» не знает тарифа вида «{request.Shape}».");
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 300)
            return new(null, "Укажите название тарифа (до 300 знаков).");
        if (request.ValidTo is { } to && to < request.ValidFrom)
            return new(null, "Дата окончания тарифа раньше даты начала.");
        foreach (var component in shape.Components)
        {
            if (!request.Prices.TryGetValue(component.Code, out var price))
                return new(null, $"Нет цены компонента {component.Code} ({component.Name.Russian}).");
            if (price <= 0m || price >= SetPrice.SetPriceCommand.MaxPrice || price != Math.Round(price, 4))
                return new(null, $"Цена компонента {component.Code} должна быть больше нуля и не точнее 0,0001 ₽.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var overlapping = await db.Tariffs.AsNoTracking()
            .Where(t => t.Utility == request.Utility && t.SupplierId == request.SupplierId && t.Formula == request.Shape
                        && t.ValidFrom <= (request.ValidTo ?? DateOnly.MaxValue) && (t.ValidTo == null || t.ValidTo >= request.ValidFrom))
            .OrderBy(t => t.ValidFrom)
            .FirstOrDefaultAsync(cancellationToken);
        if (overlapping is not null)
        {
            var dates = $"с {overlapping.ValidFrom.ToString("dd.MM.yyyy", culture)}" + (overlapping.ValidTo is { } end ? $" по {end.ToString("dd.MM.yyyy", culture)}" : ", без срока");
            return new(null, $"Даты тарифа пересекаются с тарифом «{overlapping.Name}» ({dates}): " +
                "у поставщика по одной услуге и виду тарифа в каждый день действует один тариф. Завершите прежний тариф или измените даты.");
        }

        var tariff = new Tariff
        {
            Utility = request.Utility,
            SupplierId = request.SupplierId,
            Name = request.Name.Trim(),
            Formula = request.Shape,
            ValidFrom = request.ValidFrom,
            ValidTo = request.ValidTo,
        };
        foreach (var component in shape.Components)
            tariff.Versions.Add(new TariffVersion { Component = component.Code, ValidFrom = request.ValidFrom, Price = request.Prices[component.Code], Unit = component.Unit });
        db.Tariffs.Add(tariff);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var version in tariff.Versions)
        {
            db.Publish(new TariffPriceSet(tariff.Id, version.Id, tariff.Name, tariff.Utility, tariff.SupplierId, version.Component,
                version.Price, null, version.Unit, version.ValidFrom), clock.Now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.WriteAsync("tariff.created", $"tariff:{tariff.Id}", $"{tariff.Utility} {tariff.Formula} from {tariff.ValidFrom:yyyy-MM-dd}", cancellationToken);
        return new(tariff.Id, null);
    }
}
