using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.ModelBuilder;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Notifications.OData;
using Utilities.Notifications.Resources;
using Utilities.Platform.Data;
using Utilities.Platform.Modules;
using Utilities.Platform.Settings;

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
        new(UiShell.Office, "/office/notifications/deliveries", "Menu_Deliveries", typeof(NotificationsText), 51),
        new(UiShell.Cabinet, "/cabinet/notifications", "Menu_CabinetNotifications", typeof(NotificationsText), 40),
    ];

    public IEnumerable<SettingDefinition> Settings =>
    [
        SettingDefinition.Integer<NotificationsText>(NotificationSettings.ReadingReminderDay, 20, 1, 28),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<NotificationsDbContext>();
        services.AddModuleServices(typeof(NotificationsModule).Assembly);
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<DeliveryOptions>(configuration.GetSection(DeliveryOptions.Section));
        services.AddScoped<Notices.NoticeCommands>();
        services.AddScoped<Texts>();
        services.AddSingleton<Notices.NotificationSignals>();
        services.AddSingleton<CrashPoints>();
        services.AddSingleton<ISmsGateway, SmsStandIn>();
        services.AddSingleton<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        services.AddScoped<Preferences.ConsumerPreferences>();
        services.AddScoped<Cabinet.OutageBanner>();
        services.AddSingleton<Informing.ReadingReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<Informing.ReadingReminders>());
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        Notices.NoticeEndpoint.Map(endpoints);
        Cabinet.BannerStream.Map(endpoints);
    }

    public void AddODataEntitySets(ODataConventionModelBuilder builder) => NotificationsODataModel.Add(builder);
}
