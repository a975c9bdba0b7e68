using Microsoft.ML;
using MLGan.Datasets.Mnist;

namespace MLGan.Tests.Images;

/// <summary>Real images for the image GAN tests: MNIST digits, as loaded or through ImageAnalytics transforms.</summary>
internal static class ImageData
{
    /// <summary><paramref name="count"/> training digits of all classes (shuffled with a fixed seed), 1x28x28 pixels in [0, 1].</summary>
    public static IDataView Digits(MLContext ml, int count)
        => ml.Data.TakeRows(ml.Data.ShuffleRows(MnistDigits.Load(ml, MnistSplit.Train), seed: 3, shufflePoolSize: 10_000), count); // a pool of all rows: the file is in class order

    /// <summary>
    /// The digits as <paramref name="side"/>x<paramref name="side"/> colour images through ImageAnalytics: pixels to an
    /// image (ConvertToImage), resized (ResizeImages), back to planar RGB pixels in [0, 255] (ExtractPixels), dimensions (3, side, side).
    /// </summary>
    public static IDataView ColourDigits(MLContext ml, int count, int side)
    {
        // The digit's ink in the red plane, a constant blue plane.
        var pipeline = ml.Transforms.ConvertToImage(28, 28, "Image", "Features", Microsoft.ML.Transforms.Image.ImagePixelExtractingEstimator.ColorBits.Red,
                scaleImage: 255, defaultBlue: 96)
            .Append(ml.Transforms.ResizeImages("Resized", side, side, "Image"))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Resized"));
        var digits = Digits(ml, count);
        return pipeline.Fit(digits).Transform(digits);
    }

    /// <summary>Options for a quick DCGAN: narrow networks, a few steps.</summary>
    public static GanOptions QuickDcgan(int steps = 10, int width = 8) => new()
    {
        Networks = { LatentDimension = 16, Convolutional = { GeneratorWidth = width, DiscriminatorWidth = width } },
        Schedule = { BatchSize = 32, MaxSteps = steps },
        Run = { Seed = 5, ReportInterval = 5 },
        Monitor = null,
    };
}
