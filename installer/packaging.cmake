# Debian packages with CPack: `cmake --build build --target package` writes
#   eos-daemon_<version>_amd64.deb   eos-daemon (no GUI library), eos-forward, the systemd unit, /etc/eos/eos.env,
#                                    the `eos` account (postinst), the Wazuh integration snippet and helper
#   eos-console_<version>_amd64.deb  the analyst console (desktop entry, icons, AppStream), depends on eos-daemon
# Depends come from dpkg-shlibdeps; man pages from help2man over each binary's --help.
include(GNUInstallDirs)
set(EOS_PKG_DIR ${PROJECT_BINARY_DIR}/packaging)
set(EOS_DEB_SRC ${PROJECT_SOURCE_DIR}/installer/debian)

# --- generated files: the env file with every key, man pages, icon sizes, Debian changelog
find_program(HELP2MAN help2man)
find_program(RSVG_CONVERT rsvg-convert)
find_program(GZIP gzip REQUIRED)
add_custom_command(OUTPUT ${EOS_PKG_DIR}/eos.env
  COMMAND ${CMAKE_COMMAND} -E make_directory ${EOS_PKG_DIR}
  COMMAND $<TARGET_FILE:eos-daemon> --env-template > ${EOS_PKG_DIR}/eos.env
  DEPENDS eos-daemon COMMENT "eos.env with every configuration key" VERBATIM)
set(EOS_PKG_OUTPUTS ${EOS_PKG_DIR}/eos.env)

if(HELP2MAN)
  foreach(spec "eos-daemon;8;Eos daemon: the headless Wazuh alert pipeline"
               "eos-console;1;Eos Console: SOC console for Wazuh alerts"
               "eos-forward;1;Wazuh integratord integration posting alerts to Eos")
    list(GET spec 0 bin)
    list(GET spec 1 sect)
    list(GET spec 2 name)
    add_custom_command(OUTPUT ${EOS_PKG_DIR}/man/${bin}.${sect}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${EOS_PKG_DIR}/man
      COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
              ${HELP2MAN} --no-info --section=${sect} --name=${name} --version-string=${PROJECT_VERSION}
              --output=${EOS_PKG_DIR}/man/${bin}.${sect} $<TARGET_FILE:${bin}>
      COMMAND ${GZIP} -9nf ${EOS_PKG_DIR}/man/${bin}.${sect}
      DEPENDS ${bin} COMMENT "man page ${bin}(${sect})" VERBATIM)
    list(APPEND EOS_PKG_OUTPUTS ${EOS_PKG_DIR}/man/${bin}.${sect}.gz)
    set(comp daemon)
    if(bin STREQUAL "eos-console")
      set(comp console)
    endif()
    install(FILES ${EOS_PKG_DIR}/man/${bin}.${sect}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${sect} COMPONENT ${comp})
  endforeach()
endif()

set(EOS_ICON_SVG ${PROJECT_SOURCE_DIR}/resources/icons/eos-console.svg)
install(FILES ${EOS_ICON_SVG} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT console)
if(RSVG_CONVERT)
  foreach(size 16 22 24 32 48 64 128 256)
    add_custom_command(OUTPUT ${EOS_PKG_DIR}/icons/${size}/eos-console.png
      COMMAND ${CMAKE_COMMAND} -E make_directory ${EOS_PKG_DIR}/icons/${size}
      COMMAND ${RSVG_CONVERT} -w ${size} -h ${size} -o ${EOS_PKG_DIR}/icons/${size}/eos-console.png ${EOS_ICON_SVG}
      DEPENDS ${EOS_ICON_SVG} VERBATIM)
    list(APPEND EOS_PKG_OUTPUTS ${EOS_PKG_DIR}/icons/${size}/eos-console.png)
    install(FILES ${EOS_PKG_DIR}/icons/${size}/eos-console.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps COMPONENT console)
  endforeach()
endif()

configure_file(${EOS_DEB_SRC}/changelog ${EOS_PKG_DIR}/changelog @ONLY)
add_custom_command(OUTPUT ${EOS_PKG_DIR}/changelog.gz
  COMMAND ${GZIP} -9nkf ${EOS_PKG_DIR}/changelog
  DEPENDS ${EOS_DEB_SRC}/changelog VERBATIM)
list(APPEND EOS_PKG_OUTPUTS ${EOS_PKG_DIR}/changelog.gz)
add_custom_target(eos_package_files ALL DEPENDS ${EOS_PKG_OUTPUTS})

# --- eos-daemon
install(FILES ${PROJECT_SOURCE_DIR}/installer/systemd/eos-daemon.service DESTINATION lib/systemd/system COMPONENT daemon)
install(FILES ${EOS_PKG_DIR}/eos.env DESTINATION /etc/eos PERMISSIONS OWNER_READ OWNER_WRITE COMPONENT daemon)
install(FILES ${PROJECT_SOURCE_DIR}/installer/ossec-integration.xml ${PROJECT_SOURCE_DIR}/installer/README-forward.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/eos-console COMPONENT daemon)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/installer/install-forward.sh DESTINATION ${CMAKE_INSTALL_DATADIR}/eos-console COMPONENT daemon)
install(FILES ${PROJECT_SOURCE_DIR}/installer/helm/eos-console/values.yaml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/eos-console/helm-values-example COMPONENT daemon)
foreach(comp daemon console)
  set(pkg eos-${comp})
  install(FILES ${EOS_DEB_SRC}/copyright ${EOS_PKG_DIR}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${comp})
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/eos-daemon COMPONENT daemon)

# --- eos-console
install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/eos-console.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT console)
install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/io.github.eos_console.EosConsole.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT console)

# --- maintainer scripts (CPack takes them by file name)
foreach(comp daemon console)
  file(MAKE_DIRECTORY ${EOS_PKG_DIR}/control-${comp})
  set(EOS_CONTROL_${comp})
  foreach(script postinst prerm postrm conffiles)
    if(EXISTS ${EOS_DEB_SRC}/${comp}.${script})
      file(COPY_FILE ${EOS_DEB_SRC}/${comp}.${script} ${EOS_PKG_DIR}/control-${comp}/${script})
      list(APPEND EOS_CONTROL_${comp} ${EOS_PKG_DIR}/control-${comp}/${script})
    endif()
  endforeach()
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME eos-console)
set(CPACK_PACKAGE_VENDOR "Eos Console developers")
set(CPACK_PACKAGE_CONTACT "Eos Console developers <eos@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL daemon console)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/eos-console/eos-console")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_DAEMON_PACKAGE_NAME eos-daemon)
set(CPACK_DEBIAN_DAEMON_DESCRIPTION "headless Wazuh alert pipeline of Eos Console
Receives Wazuh alerts (HTTP listener for the eos-forward integration, or
alerts.json), stores them in PostgreSQL with deduplication, enriches them
from the Wazuh API and runs the later stages. Several daemons can share one
PostgreSQL. Links no GUI library. Without PG_DSN it runs its own PostgreSQL
cluster (hence the dependency on postgresql-15).")
# the QPSQL driver is a plugin dpkg-shlibdeps cannot see
set(CPACK_DEBIAN_DAEMON_PACKAGE_DEPENDS "adduser, postgresql-15, libqt6sql6-psql")
set(CPACK_DEBIAN_DAEMON_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_DAEMON_PACKAGE_CONTROL_EXTRA "${EOS_CONTROL_daemon}")
set(CPACK_DEBIAN_DAEMON_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME eos-console)
set(CPACK_DEBIAN_CONSOLE_DESCRIPTION "SOC console for Wazuh alerts
The analyst console of Eos: live alerts with filters, triage with an audit
trail, agent status from the Wazuh API, in English and German. It runs the
alert pipeline in its own threads or works on a database that eos-daemon
instances fill.")
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "eos-daemon (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_CONSOLE_PACKAGE_CONTROL_EXTRA "${EOS_CONTROL_console}")
set(CPACK_DEBIAN_CONSOLE_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
