using Utilities.Platform.Messaging;

namespace Utilities.Host.Messaging;

/// <summary>
/// Which handlers (in which modules) receive each event name: read once from the service
/// registrations that the enabled modules made, so a switched-off module receives nothing.
/// </summary>
internal sealed class EventHandlerRegistry
{
    private readonly Dictionary<string, EventRoute> _routes;

    private EventHandlerRegistry(Dictionary<string, EventRoute> routes) => _routes = routes;

    public static EventHandlerRegistry From(IServiceCollection services)
    {
        var routes = new Dictionary<string, EventRoute>(StringComparer.Ordinal);
        foreach (var descriptor in services)
        {
            if (!descriptor.ServiceType.IsGenericType || descriptor.ServiceType.GetGenericTypeDefinition() != typeof(IIntegrationEventHandler<>)
                || descriptor.ImplementationType is null)
                continue;
            var eventType = descriptor.ServiceType.GetGenericArguments()[0];
            var name = IntegrationEventAttribute.NameOf(eventType);
            if (!routes.TryGetValue(name, out var route))
                routes[name] = route = new EventRoute(name, eventType, []);
            if (!route.Handlers.Contains(descriptor.ImplementationType))
                route.Handlers.Add(descriptor.ImplementationType);
        }

        return new EventHandlerRegistry(routes);
    }

    /// <summary>The route of an event name, or null when no enabled module handles it.</summary>
    public EventRoute? Find(string eventName) => _routes.GetValueOrDefault(eventName);

    public IEnumerable<EventRoute> Routes => _routes.Values;
}

internal sealed record EventRoute(string Name, Type EventType, List<Type> Handlers);
