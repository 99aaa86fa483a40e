namespace Utilities.Platform.Messaging;

/// <summary>
/// Marks a public record in a module's abstractions as an integration event and gives it the
/// stable name stored in the outbox (renaming the CLR type must not orphan stored events).
/// Names read <c>module.fact</c>, e.g. <c>billing.tariff-price-set</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class IntegrationEventAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public static string NameOf(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return eventType.GetCustomAttributes(typeof(IntegrationEventAttribute), false) is [IntegrationEventAttribute a, ..]
            ? a.Name
            : throw new InvalidOperationException($"{eventType.FullName} is not marked [IntegrationEvent(\"module.fact\")]");
    }
}
