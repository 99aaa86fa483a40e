using Utilities.Platform.Messaging;

namespace Utilities.Billing.Events;

/// <summary>
/// A new price of a tariff component from a date on (the tariff change that consumers are told
/// about). Published by Billing in the transaction that stores the price.
/// </summary>
/// <param name="Component">The priced component: <c>T1</c>, <c>T2</c>, <c>T3</c> zones, <c>single</c>, <c>heat</c>, <c>water</c> …</param>
/// <param name="PreviousPrice">The price of the component in force the day before, when there was one.</param>
[IntegrationEvent("billing.tariff-price-set")]
public sealed record TariffPriceSet(
    long TariffId,
    long TariffVersionId,
    string TariffName,
    string Utility,
    long SupplierId,
    string Component,
    decimal Price,
    decimal? PreviousPrice,
    string Unit,
    DateOnly ValidFrom);
