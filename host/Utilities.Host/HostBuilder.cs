using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Htmx.TagHelpers;
using Serilog;
using Utilities.Host.Api;
using Utilities.Host.Composition;
using Utilities.Host.Demo;
using Utilities.Host.Health;
using Utilities.Host.Messaging;
using Utilities.Host.Platform;
using Utilities.Host.Platform.Audit;
using Utilities.Host.Platform.Settings;
using Utilities.Host.Platform.Staff;
using Utilities.Host.Plugins;
using Utilities.Host.Startup;
using Utilities.Host.Web;
using Utilities.Platform.Auditing;
using Utilities.Platform.Data;
using Utilities.Platform.Identity;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Host;

/// <summary>The composition root: modules, database, authentication, the UI shells, logging.</summary>
internal static class HostBuilder
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var modules = ModuleRegistry.FromConfiguration(builder.Configuration, ModuleCatalog.Create());
        var connectionString = DatabaseBootstrap.ConnectionString(builder.Configuration);

        builder.Host.UseSerilog((context, services, log) => log
            .ReadFrom.Configuration(context.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Module", "Host")
            .WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Module} {Message:lj}{NewLine}{Exception}",
                formatProvider: CultureInfo.InvariantCulture),
            preserveStaticLogger: true);

        // No "Server: Kestrel" banner (issue 12).
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        var services = builder.Services;
        services.AddSingleton(modules);
        services.AddSingleton(new DatabaseConnection(connectionString));
        services.AddSingleton(_ => DatabaseBootstrap.CreateDataSource(connectionString));
        services.AddSingleton(TimeProvider.System);
        services.AddModuleDbContext<PlatformDbContext>();
        services.AddSingleton<SettingsCatalog>();
        services.AddScoped<Platform.Extracts.AccountExtract>();
        services.AddSingleton<SettingsStore>();
        services.AddSingleton<ISettings>(sp => sp.GetRequiredService<SettingsStore>());
        services.AddSingleton<IClock>(sp => sp.GetRequiredService<SettingsStore>());
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<StaffDirectory>();
        services.AddScoped<StaffCookieEvents>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<StartupTasks>();
        services.AddSingleton<MenuComposer>();
        services.AddSingleton<HealthReporter>();
        services.AddUtilityPlugins(builder.Configuration);

        services.AddDataProtection()
            .SetApplicationName("Utilities")
            .PersistKeysToDbContext<PlatformDbContext>();

        services.AddAuthentication(StaffAuthentication.Scheme)
            .AddCookie(StaffAuthentication.Scheme, options =>
            {
                options.LoginPath = "/office/sign-in";
                options.AccessDeniedPath = "/office/denied";
                options.Cookie.Name = "utilities.staff";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.EventsType = typeof(StaffCookieEvents);
            });
        services.AddScoped<ConsumerCookieEvents>();
        services.AddScoped<KioskCookieEvents>();
        services.AddScoped<KioskDeviceFilter>();
        services.AddAuthentication()
            .AddCookie(KioskSession.Scheme, options =>
            {
                // A session cookie (never persisted): closing the kiosk browser ends it too.
                options.LoginPath = "/kiosk";
                options.AccessDeniedPath = "/kiosk";
                options.Cookie.Name = "utilities.kiosk";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                options.SlidingExpiration = false;
                options.EventsType = typeof(KioskCookieEvents);
            })
            .AddCookie(ConsumerAuthentication.Scheme, options =>
            {
                options.LoginPath = "/sign-in";
                options.AccessDeniedPath = "/sign-in";
                options.Cookie.Name = "utilities.consumer";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.EventsType = typeof(ConsumerCookieEvents);
            });
        // Sign-in, activation and code requests: a person needs a few tries a minute, a guesser thousands.
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            var perMinute = builder.Configuration.GetValue("RateLimits:ConsumerPostsPerMinute", 20);
            options.AddPolicy(ConsumerAuthentication.Policy, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("read")
                : System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }));

            // The integrators' API: a fixed window per API client (by the public prefix of the key it presents), whatever it asks for.
            var apiPerMinute = builder.Configuration.GetValue("RateLimits:ApiRequestsPerMinute", 600);
            options.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(http =>
                Api.ApiComposition.IsApiPath(http.Request.Path) && Api.ApiKeyAuthenticationHandler.PresentedKey(http.Request) is { } key
                    && Platform.ApiClients.ApiKey.PrefixOf(key) is { } prefix
                    ? System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter("api:" + prefix,
                        _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = apiPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("none"));
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (Api.ApiComposition.IsApiPath(context.HttpContext.Request.Path))
                {
                    await Api.ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "TooManyRequests",
                        $"This API client may make {apiPerMinute} requests a minute; try again after the Retry-After header's seconds.");
                }
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(KioskSession.Policy, p => p
                .AddAuthenticationSchemes(KioskSession.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ConsumerAuthentication.KindClaim, ConsumerAuthentication.ConsumerKind))
            .AddPolicy(ConsumerAuthentication.Policy, p => p
                .AddAuthenticationSchemes(ConsumerAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ConsumerAuthentication.KindClaim, ConsumerAuthentication.ConsumerKind))
            .AddPolicy(StaffAuthentication.StaffPolicy, p => p
                .AddAuthenticationSchemes(StaffAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(StaffAuthentication.KindClaim, StaffAuthentication.StaffKind))
            .AddPolicy(StaffAuthentication.AdministratorPolicy, p => p
                .AddAuthenticationSchemes(StaffAuthentication.Scheme)
                .RequireClaim(StaffAuthentication.KindClaim, StaffAuthentication.StaffKind)
                .RequireRole(Utilities.Platform.Modules.StaffRoles.Administrator));

        // Cyrillic text goes out as is, not as &#x...; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            // Formats stay Russian (₽, dd.MM.yyyy); only the interface language switches.
            var russian = new CultureInfo("ru-RU");
            options.DefaultRequestCulture = new RequestCulture(russian, russian);
            options.SupportedCultures = [russian];
            options.SupportedUICultures = [russian, new CultureInfo("en")];
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        // HTTPS responses tell the browser to stay on HTTPS for a year; UseHsts skips plain HTTP and loopback names.
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/Office", StaffAuthentication.StaffPolicy);
                options.Conventions.AuthorizeFolder("/Cabinet", ConsumerAuthentication.Policy);
                options.Conventions.AllowAnonymousToFolder("/Cabinet/Identity");
                options.Conventions.AuthorizeFolder("/Kiosk/Session", KioskSession.Policy);
                options.Conventions.AuthorizePage("/Office/Kiosks", StaffAuthentication.AdministratorPolicy);
                options.Conventions.AddFolderApplicationModelConvention("/Kiosk", model =>
                {
                    if (model.ViewEnginePath != "/Kiosk/Pair")
                        model.Filters.Add(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(KioskDeviceFilter)));
                });
                options.Conventions.AllowAnonymousToPage("/Office/SignIn");
                options.Conventions.AllowAnonymousToPage("/Office/Denied");
                options.Conventions.AuthorizePage("/Office/Settings", StaffAuthentication.AdministratorPolicy);
                options.Conventions.AuthorizePage("/Office/ApiClients", StaffAuthentication.AdministratorPolicy);
                options.Conventions.AuthorizePage("/Office/Staff", StaffAuthentication.AdministratorPolicy);
                options.Conventions.Add(new ModuleEndpointConvention(modules));
            })
            .AddViewLocalization()
            .ConfigureApplicationPartManager(modules.ApplyTo);
        services.AddIntegrationApi(modules);

        foreach (var module in modules.Enabled)
            module.AddServices(services, builder.Configuration);

        // Integration events: handlers are whatever the enabled modules registered.
        services.AddSingleton(EventHandlerRegistry.From(services));
        services.Configure<MessagingOptions>(builder.Configuration.GetSection(MessagingOptions.Section));
        services.AddHostedService<OutboxDispatcher>();

        var app = builder.Build();
        Configure(app, modules);
        return app;
    }

    private static void Configure(WebApplication app, ModuleRegistry modules)
    {
        app.UseSecurityHeaders();
        app.UseHsts();
        // Users never see a stack trace, not even in Development: the log has it.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = exception => exception switch
            {
                // PostgreSQL restarting or gone: try again shortly (503), not a fault of the page (500).
                _ when DatabaseOutage.Is(exception) => StatusCodes.Status503ServiceUnavailable,
                // A body the server cannot read (a form with NUL characters or broken multipart, a body over the limit) is the client's fault: 400, not 500.
                Microsoft.AspNetCore.Http.BadHttpRequestException bad => bad.StatusCode,
                InvalidDataException => StatusCodes.Status400BadRequest,
                // Text PostgreSQL cannot store (a NUL character in a JSON string, an unmappable character): the input's fault.
                _ when exception.GetBaseException() is Npgsql.PostgresException { SqlState: "22021" or "22P05" } => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        app.UseDatabaseOutageRecovery();
        app.UseIntegrationApiResponses();
        app.UseSerilogRequestLogging(options =>
        {
            // The host's own logger: the static Log.Logger is left alone (several hosts in one test process).
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0} ms";
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("Module", http.GetEndpoint()?.Metadata.GetMetadata<ModuleTag>()?.Name ?? "Host");
                // Every API call is logged with its client (the key's public prefix and the client's name, never the key).
                if (http.User.FindFirst(Api.ApiKeyAuthentication.KindClaim)?.Value == Api.ApiKeyAuthentication.ApiKind)
                    diagnostics.Set("ApiClient", http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value + " " + http.User.Identity?.Name);
            };
        });
        // A client that went away mid-request (a closed tab, a load generator stopping) is not a server error:
        // logged as 499 (nginx's "client closed request"), not as an unhandled exception with a 500.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                if (!context.Response.HasStarted)
                    context.Response.StatusCode = 499;
            }
        });
        app.UseVaryByHtmx();
        app.UseNulCharacterGuard();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCabinetCacheOnWrites();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealth();
        app.MapHtmxAntiforgeryScript();
        app.MapRazorPages();
        app.MapControllers();
        foreach (var module in modules.Enabled)
            module.MapEndpoints(app.MapGroup(string.Empty).WithMetadata(new ModuleTag(module.Name)));
    }
}
