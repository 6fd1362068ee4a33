package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads plugins from the classpath instead of a plugins folder, the way Elasticsearch's own test
 * framework does. It must live in this package: {@code LoadedPlugin} is package-private.
 * Part of the project's embedded-server harness; not a production code path.
 */
public class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, Environment environment,
                                   Collection<Class<? extends Plugin>> pluginClasses) {
        super(settings, environment.configDir(), emptyLoader());
        this.classpathPlugins = pluginClasses.stream().map(type -> {
            Plugin plugin = loadPlugin(type, settings, environment.configDir());
            var descriptor = new PluginDescriptor(type.getName(), "classpath plugin", "NA", Build.current().version(),
                    Integer.toString(Runtime.version().feature()), type.getName(), null, List.of(),
                    false, false, false, false, PluginDescriptor.DeploymentTarget.ALL);
            return new LoadedPlugin(descriptor, plugin, type.getClassLoader());
        }).toList();
    }

    public static PluginsLoader emptyLoader() {
        return PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }
}
