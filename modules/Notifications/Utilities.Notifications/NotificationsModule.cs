using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.ModelBuilder;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Notifications.OData;
using Utilities.Notifications.Resources;
using Utilities.Platform.Data;
using Utilities.Platform.Modules;

namespace Utilities.Notifications;

/// <summary>Outages, planned works, tariff changes, debt and reading reminders, and their delivery.</summary>
public sealed class NotificationsModule : IModule
{
    public const string SchemaName = "notifications";

    public string Name => "Notifications";

    public string Schema => SchemaName;

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new(UiShell.Office, "/office/notifications", "Menu_Notices", typeof(NotificationsText), 50),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<NotificationsDbContext>();
        services.AddModuleServices(typeof(NotificationsModule).Assembly);
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
    }

    public void AddODataEntitySets(ODataConventionModelBuilder builder) => NotificationsODataModel.Add(builder);
}
