using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Utilities.Billing.Payments.Kiosk;
using Utilities.Billing.Payments.Online;
using Utilities.Billing.Payments.Online.StandIn;

namespace Utilities.Billing.Payments;

/// <summary>
/// The online and kiosk card channels. The provider and the card terminal are the stand-ins when
/// <c>Billing:StandInProvider:Enabled</c> (default: Development only); otherwise none is registered
/// and the pay pages say online/card payment is unavailable, until a real adapter is added here.
/// </summary>
internal static class PaymentChannelsRegistration
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ConsumerPremises>();
        services.AddScoped<PaymentOrders>();
        services.AddScoped<KioskCardPayments>();

        // The module's scan registers every implementation it finds; which one serves is decided here.
        services.RemoveAll<IPaymentProvider>();
        services.RemoveAll<ICardTerminal>();
        var options = StandInOptions.From(configuration);
        if (!options.Enabled)
            return;
        services.AddSingleton(options);
        services.AddSingleton<StandInAcquirer>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<StandInAcquirer>());
        services.AddSingleton<StandInCallbackSender>();
        services.AddSingleton<ICardTerminal, StandInCardTerminal>();
    }
}
