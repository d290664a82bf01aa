# GUI tests, included from gui/CMakeLists.txt. Every ctest here is named gui_* and
# labelled "gui": CI runs them inside one Xvfb
#   xvfb-run -a -s "-screen 0 1280x800x24 -noreset" ctest --test-dir build -L gui
# while `ctest -LE gui` runs everything else without a display.
set(MAILSIM_GUI_TEST_DIR ${PROJECT_SOURCE_DIR}/tests/gui)

# Headless panel tests: ImGui frames without a window, clicks simulated through io.
add_executable(mailsim-gui-tests ${MAILSIM_GUI_TEST_DIR}/main.cpp ${MAILSIM_GUI_TEST_DIR}/panels_test.cpp
                                 ${MAILSIM_GUI_TEST_DIR}/model_test.cpp ${MAILSIM_GUI_TEST_DIR}/live_test.cpp
                                 ${MAILSIM_GUI_TEST_DIR}/mailbox_test.cpp ${MAILSIM_GUI_TEST_DIR}/scenario_panel_test.cpp
                                 ${MAILSIM_GUI_TEST_DIR}/lesson_panel_test.cpp ${MAILSIM_GUI_TEST_DIR}/fixture.cpp)
target_sources(mailsim-gui-tests PRIVATE ${MAILSIM_GUI_TEST_DIR}/export_test.cpp)  # the Export menu
target_sources(mailsim-gui-tests PRIVATE ${MAILSIM_GUI_TEST_DIR}/classroom_test.cpp  # issue 17
                                         ${MAILSIM_GUI_TEST_DIR}/projector_test.cpp)
target_link_libraries(mailsim-gui-tests PRIVATE mailsim_gui doctest::doctest)
target_compile_definitions(mailsim-gui-tests PRIVATE MAILSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
include(doctest)
doctest_discover_tests(mailsim-gui-tests TEST_PREFIX "gui_" PROPERTIES LABELS gui)

# The real window under Xvfb, driven by key and button events sent through the X server,
# its screenshots (build/screenshots/window_*.png) checked for what a viewer sees. GLFW only
# (the window's X id comes from GLFW); libX11's headers come with libsdl2-dev.
find_package(X11)
if(MAILSIM_GUI_BACKEND STREQUAL "GLFW" AND X11_FOUND)
  add_executable(mailsim-window-tests ${MAILSIM_GUI_TEST_DIR}/main.cpp ${MAILSIM_GUI_TEST_DIR}/window_test.cpp
                                      ${MAILSIM_GUI_TEST_DIR}/window_driver.cpp ${MAILSIM_GUI_TEST_DIR}/fixture.cpp)
  target_link_libraries(mailsim-window-tests PRIVATE mailsim_gui doctest::doctest X11::X11)
  target_compile_definitions(mailsim-window-tests PRIVATE MAILSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  doctest_discover_tests(mailsim-window-tests TEST_PREFIX "gui_" PROPERTIES LABELS gui RUN_SERIAL TRUE
                         ENVIRONMENT MAILSIM_SCREENSHOTS=${CMAKE_BINARY_DIR}/screenshots)
  # load-100k run to its end in the window and compared with `mailsim run` (about three
  # minutes, 3 GB): not in CI; run it with `ctest -C long -R load_100k_whole` under Xvfb.
  add_test(NAME gui_window_load_100k_whole CONFIGURATIONS long
           COMMAND mailsim-window-tests --no-skip "-tc=window: load-100k runs to its end*")
  set_tests_properties(gui_window_load_100k_whole PROPERTIES LABELS gui RUN_SERIAL TRUE TIMEOUT 900
                       ENVIRONMENT "MAILSIM_SCREENSHOTS=${CMAKE_BINARY_DIR}/screenshots;MAILSIM_CLI=$<TARGET_FILE:mailsim>")
endif()

# Screenshots of the real window, then a check of their content.
add_executable(mailsim-shotcheck ${MAILSIM_GUI_TEST_DIR}/shotcheck.cpp)
target_link_libraries(mailsim-shotcheck PRIVATE PkgConfig::IMGUI)

function(mailsim_gui_screenshot name scenario step check)
  set(png ${CMAKE_BINARY_DIR}/screenshots/${name}.png)
  add_test(NAME gui_screenshot_${name}
           COMMAND ${CMAKE_COMMAND} -E env --unset=XDG_CONFIG_HOME
                   $<TARGET_FILE:mailsim-gui> ${PROJECT_SOURCE_DIR}/scenarios/${scenario}
                   --screenshot ${png} --step ${step} ${ARGN})
  add_test(NAME gui_screenshot_${name}_check COMMAND mailsim-shotcheck ${png} ${check})
  set_tests_properties(gui_screenshot_${name} PROPERTIES LABELS gui FIXTURES_SETUP shot_${name})
  set_tests_properties(gui_screenshot_${name}_check PROPERTIES LABELS gui FIXTURES_REQUIRED shot_${name})
endfunction()
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/screenshots)
mailsim_gui_screenshot(basic_en basic-smtp.json 30 main --lang en)
mailsim_gui_screenshot(basic_fr_contrast basic-smtp.json 60 contrast --lang fr --theme contrast)
mailsim_gui_screenshot(mx_fallback_message mx-fallback.json 40 main --lang en --view message)
mailsim_gui_screenshot(lesson_fr mx-fallback.json 30 main --lang fr --view lesson)

# Live mode in the real window: smtplib and poplib against `mailsim-gui --serve`, ended by
# SIGTERM; checks the --trace JSON and the --screenshot taken when serving ends.
find_program(MAILSIM_PYTHON NAMES python3)
if(MAILSIM_PYTHON)
  add_test(NAME gui_serve_live_clients
           COMMAND ${MAILSIM_PYTHON} ${MAILSIM_GUI_TEST_DIR}/serve_test.py $<TARGET_FILE:mailsim-gui>
                   ${PROJECT_SOURCE_DIR}/scenarios/live.json ${CMAKE_BINARY_DIR}/screenshots/serve
                   $<TARGET_FILE:mailsim-shotcheck>)
  set_tests_properties(gui_serve_live_clients PROPERTIES LABELS gui TIMEOUT 120)
endif()

# Without a display: a clear message and exit status 3 (the README's fallback relies on it).
add_test(NAME gui_no_display
         COMMAND sh -c "out=$(env -u DISPLAY -u WAYLAND_DISPLAY \"$0\" --no-settings 2>&1); rc=$?; echo \"$out\"; \
                        [ $rc -eq 3 ] && echo \"$out\" | grep -q 'no display available'"
                 $<TARGET_FILE:mailsim-gui>)
set_tests_properties(gui_no_display PROPERTIES LABELS gui)

# Idle means idle: paused and untouched, the real window uses under 5% of a core (printed).
if(MAILSIM_PYTHON)
  add_test(NAME gui_idle_cpu COMMAND ${MAILSIM_PYTHON} ${MAILSIM_GUI_TEST_DIR}/idle_test.py $<TARGET_FILE:mailsim-gui>
                                     ${PROJECT_SOURCE_DIR}/scenarios/mx-fallback.json)
  set_tests_properties(gui_idle_cpu PROPERTIES LABELS gui TIMEOUT 60 RUN_SERIAL TRUE)
endif()

# Projector sizes: text from the default (17 px) to 2.5x, at 1280x800 and 1920x1080; each
# pane of every screenshot must show content.
foreach(size 1280x800 1920x1080)
  foreach(font 17 26 34 42)
    mailsim_gui_screenshot(font_${size}_${font} mx-fallback.json 60 panels --lang en --font-size ${font} --size ${size})
  endforeach()
endforeach()
