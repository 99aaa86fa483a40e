using Microsoft.Extensions.Localization;
using Utilities.Metering.Cabinet;
using Utilities.Metering.Resources;

namespace Utilities.Metering.Pages.Kiosk.Session.Meters;

internal sealed class ReadingModel(ConsumerReadingForm form, IStringLocalizer<MeteringText> text) : ConsumerReadingPageModel(form, text)
{
    public override string Pages => "/Kiosk/Session/Meters";

    protected override bool Kiosk => true;
}
