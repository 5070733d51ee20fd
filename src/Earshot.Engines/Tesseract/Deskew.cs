using Earshot.Sdk;

namespace Earshot.Engines.Tesseract;

/// <summary>
/// Straightens slightly rotated pages before recognition. Tesseract's own layout analysis copes with skew on full pages
/// but splits a few skewed lines (a photographed note, a sign) into side-by-side blocks and so scrambles the reading order.
/// </summary>
internal static class Deskew
{
    private const int BinarizeThreshold = 128;
    private const float MinAngleDegrees = 0.2f;
    private const float MinConfidence = 3f;

    /// <summary>The image rotated so its text lines are level, or null when it is level already or the skew is unclear.</summary>
    public static (PixHandle Straightened, PageRotation Rotation)? Straighten(PixHandle pix)
    {
        using var binary = LeptonicaNative.pixConvertTo1(pix, BinarizeThreshold);
        if (binary.IsInvalid ||
            LeptonicaNative.pixFindSkew(binary, out var angle, out var confidence) != 0 ||
            confidence < MinConfidence || Math.Abs(angle) < MinAngleDegrees)
        {
            return null;
        }

        var radians = angle * MathF.PI / 180;
        var rotated = LeptonicaNative.pixRotate(pix, radians, RotationType.AreaMap, IncomingColor.White, 0, 0);
        if (rotated.IsInvalid)
        {
            rotated.Dispose();
            return null;
        }
        var rotation = new PageRotation(radians, LeptonicaNative.pixGetWidth(pix), LeptonicaNative.pixGetHeight(pix));
        return (rotated, rotation);
    }
}

/// <summary>A clockwise rotation about the image centre that keeps the image size, and its way back.</summary>
internal sealed record PageRotation(double Radians, int Width, int Height)
{
    public static readonly PageRotation None = new(0, 0, 0);

    /// <summary>The box of the rotated image as a quad on the original image, kept within it.</summary>
    public Quad ToOriginal(int left, int top, int right, int bottom) => Radians == 0
        ? Quad.FromRectangle(left, top, right, bottom)
        : new Quad(ToOriginal(left, top), ToOriginal(right, top), ToOriginal(right, bottom), ToOriginal(left, bottom));

    private Point ToOriginal(double x, double y)
    {
        // Undo a clockwise turn (y points down): turn counter-clockwise by the same angle.
        var (centreX, centreY) = (Width / 2.0, Height / 2.0);
        var (dx, dy) = (x - centreX, y - centreY);
        var (sin, cos) = Math.SinCos(Radians);
        return new Point(
            Math.Clamp(centreX + dx * cos + dy * sin, 0, Width),
            Math.Clamp(centreY - dx * sin + dy * cos, 0, Height));
    }
}
