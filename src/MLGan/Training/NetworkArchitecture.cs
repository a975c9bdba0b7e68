using MLGan.Data;

namespace MLGan.Training;

/// <summary>
/// Resolves <see cref="GanNetworkOptions.Architecture"/> against the training data, once it is read: <see cref="GanArchitecture.Auto"/>
/// becomes <see cref="GanArchitecture.Dcgan"/> for an image column of a DCGAN size, and stays Auto (MLPs) otherwise.
/// </summary>
internal static class NetworkArchitecture
{
    /// <summary>
    /// The options to train with: <paramref name="options"/> itself, or a copy with the architecture resolved and the
    /// combinations checked again for it. Explicit DCGAN on data that is not a DCGAN-sized image fails with what to do.
    /// </summary>
    public static GanOptions Resolve(GanOptions options, FeatureTable table)
    {
        var image = table.Image;
        switch (options.Networks.Architecture)
        {
            case GanArchitecture.Auto when image is { FitsDcgan: true }:
                var resolved = options.Clone();
                resolved.Networks.Architecture = GanArchitecture.Dcgan;
                RemedyValidator.Validate(resolved);
                return resolved;
            case GanArchitecture.Dcgan when image is not { FitsDcgan: true }:
                throw new ArgumentException(
                    $"GanOptions.Networks.Architecture = Dcgan needs an image column: the feature column '{options.FeatureColumnName}' {Describe(table)}. " +
                    $"DCGAN generates square images of side {string.Join(", ", ImageShape.DcganSides)} with 1 to {ImageShape.MaxChannels} channels: " +
                    "resize with mlContext.Transforms.ResizeImages and extract planar pixels with mlContext.Transforms.ExtractPixels (interleavePixelColors: false), " +
                    "or set Networks.Architecture = GanArchitecture.Mlp.", "Networks.Architecture");
            default:
                return options;
        }
    }

    /// <summary>Why an image column trains MLPs under Auto, for the first progress report; null when nothing needs saying.</summary>
    public static string? Warning(GanOptions options, FeatureTable table) => options.Networks.Architecture == GanArchitecture.Auto && table.Image is { FitsDcgan: false } image
        ? $"The feature column '{options.FeatureColumnName}' holds {image} images, not a DCGAN size (square, side {string.Join(", ", ImageShape.DcganSides)}): " +
          "training MLPs on the flattened pixels. Resize with mlContext.Transforms.ResizeImages for DCGAN."
        : null;

    private static string Describe(FeatureTable table) => table.Image is { } image
        ? $"holds {image} images"
        : $"is a plain vector of {table.Size} values (no image dimensions)";
}
