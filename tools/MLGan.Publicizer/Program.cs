// Usage: MLGan.Publicizer <output-directory> <assembly.dll>...
// Writes <output-directory>/<name>.dll for each input with all types and members made public.
using Mono.Cecil;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MLGan.Publicizer <output-directory> <assembly.dll>...");
    return 2;
}

string outputDirectory = args[0];
Directory.CreateDirectory(outputDirectory);
var resolver = new DefaultAssemblyResolver();
foreach (var directory in args.Skip(1).Select(Path.GetDirectoryName).Distinct())
    resolver.AddSearchDirectory(directory);

foreach (var input in args.Skip(1))
{
    using var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver });
    foreach (var type in assembly.MainModule.GetTypes())
        Publicizer.Publicize(type);
    var output = Path.Combine(outputDirectory, Path.GetFileName(input));
    assembly.Write(output);
    Console.WriteLine($"publicized {Path.GetFileName(input)} -> {output}");
}
return 0;

static class Publicizer
{
    public static void Publicize(TypeDefinition type)
    {
        if (type.IsNested)
            type.IsNestedPublic = true;
        else
            type.IsPublic = true;

        // A field that backs an event has the event's name; making it public would make every use of the event ambiguous.
        var eventNames = type.Events.Select(e => e.Name).ToHashSet();
        foreach (var field in type.Fields)
        {
            if (!eventNames.Contains(field.Name))
                field.IsPublic = true;
        }
        foreach (var method in type.Methods)
            method.IsPublic = true;
    }
}
