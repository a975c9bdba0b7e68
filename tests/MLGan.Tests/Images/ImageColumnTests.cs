using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLGan.Datasets.Mnist;

namespace MLGan.Tests.Images;

/// <summary>MLImage columns in and out: image files loaded with ImageAnalytics train a GAN that generates images.</summary>
[TestClass]
public sealed class ImageColumnTests
{
    private sealed class ImageFile
    {
        public string Path = "";
    }

    /// <summary>Writes <paramref name="count"/> MNIST digits (mixed classes) as PNG files; returns their paths.</summary>
    private static List<string> WriteDigitFiles(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var digits = MnistDigits.Read(MnistSplit.Train);
        var paths = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var digit = digits[i * digits.Count / count];
            var bgra = digit.Pixels.SelectMany(p => new[] { p, p, p, (byte)255 }).ToArray();
            using var image = MLImage.CreateFromPixels(28, 28, MLPixelFormat.Bgra32, bgra);
            var path = Path.Combine(folder, $"digit-{i}.png");
            image.Save(path);
            paths.Add(path);
        }
        return paths;
    }

    [TestMethod]
    public void ImageFiles_LoadResizeTrain_AndGenerateImagesThatSaveAndRoundTrip()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mlgan-images-{Guid.NewGuid():N}");
        try
        {
            var ml = new MLContext(1);
            var files = ml.Data.LoadFromEnumerable(WriteDigitFiles(folder, 64).Select(p => new ImageFile { Path = p }));
            var images = ml.Transforms.LoadImages("Image", folder, nameof(ImageFile.Path))
                .Append(ml.Transforms.ResizeImages("Image", 32, 32))
                .Fit(files).Transform(files);
            var options = ImageData.QuickDcgan(steps: 4);
            options.FeatureColumnName = "Image";
            using var gan = ml.Gan().Trainers.Gan(options).Fit(images);
            StringAssert.StartsWith(gan.GeneratorArchitecture, "DCGAN generator 16 -> 1x32x32"); // grey files: one plane

            var generated = ml.Gan().Generate(gan, 3, seed: 2);
            var type = (ImageDataViewType)generated.Schema["Image"].Type;
            Assert.AreEqual(32, type.Height);
            Assert.AreEqual(32, type.Width);
            var generatedImages = generated.GetColumn<MLImage>("Image").ToList();
            Assert.HasCount(3, generatedImages);
            var saved = Path.Combine(folder, "generated.png");
            generatedImages[0].Save(saved);
            using (var reloaded = MLImage.CreateFromFile(saved))
                Assert.AreEqual(32, reloaded.Width);

            // ImageAnalytics transforms work on the generated column.
            var pixels = ml.Transforms.ExtractPixels("Pixels", "Image").Fit(generated).Transform(generated);
            Assert.IsTrue(pixels.GetColumn<float[]>("Pixels").All(p => p.Length == 3 * 32 * 32 && p.All(v => v is >= 0 and <= 255)));

            // Through a zip: the same images.
            var zip = Path.Combine(folder, "gan.zip");
            ml.Model.Save(gan, images.Schema, zip);
            using var loaded = (GanTransformer)ml.Model.Load(zip, out _);
            var again = ml.Gan().Generate(loaded, 3, seed: 2).GetColumn<MLImage>("Image").ToList();
            for (int i = 0; i < 3; i++)
                CollectionAssert.AreEqual(generatedImages[i].Pixels.ToArray(), again[i].Pixels.ToArray());
            generatedImages.Concat(again).ToList().ForEach(i => i.Dispose());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void ColourImages_KeepThreePlanes()
    {
        var ml = new MLContext(1);
        var colour = ImageData.ColourDigits(ml, 64, side: 28);
        var options = ImageData.QuickDcgan(steps: 3);
        options.FeatureColumnName = "Resized";
        using var gan = ml.Gan().Trainers.Gan(options).Fit(colour);
        StringAssert.StartsWith(gan.GeneratorArchitecture, "DCGAN generator 16 -> 3x28x28");
        using var image = ml.Gan().Generate(gan, 1).GetColumn<MLImage>("Resized").Single();
        Assert.AreEqual(28, image.Height);
    }

    [TestMethod]
    public void ImagesOfVaryingSize_AreRefusedWithResizeAdvice()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mlgan-images-{Guid.NewGuid():N}");
        try
        {
            var ml = new MLContext(1);
            var files = ml.Data.LoadFromEnumerable(WriteDigitFiles(folder, 8).Select(p => new ImageFile { Path = p }));
            var images = ml.Transforms.LoadImages("Image", folder, nameof(ImageFile.Path)).Fit(files).Transform(files);
            var options = ImageData.QuickDcgan(steps: 2);
            options.FeatureColumnName = "Image";
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Trainers.Gan(options).Fit(images));
            StringAssert.Contains(error.Message, "ResizeImages(\"Image\"");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
